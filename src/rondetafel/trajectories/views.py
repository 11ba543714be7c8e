"""Thin views: parse, check permission, call a service or selector, render."""

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.accounts import two_factor
from rondetafel.core.forms import errors_onto_form

from . import selectors, services
from .access import trajectory_view
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    MembershipForm,
    PartyForm,
    StepForm,
    TrajectoryForm,
    TrajectorySearchForm,
)
from .progress import sections_for
from .tasks import open_tasks


def may_open(user, trajectory, url: str) -> bool:
    """Whether `user` may open `url` (a page of this trajectory): the permission its view
    requires, read from the view itself, so links and views cannot disagree."""
    from django.urls import Resolver404, resolve

    if not url:
        return True
    try:
        view = resolve(url).func
    except Resolver404:
        return False
    perm = getattr(view, "required_permission", None)
    return perm is None or user.has_perm(perm, trajectory)


TRAJECTORIES_PER_PAGE = 20
AUDIT_ENTRIES_PER_PAGE = 100


def _page(request, items, per_page: int):
    """A page of `items`: a number out of range gives the last page, anything else the first."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@login_required
@require_GET
def trajectory_list(request):
    search = TrajectorySearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    trajectories = selectors.trajectory_list(
        user=request.user, search=filters.get("q", ""), status=filters.get("status", "")
    )
    kept = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "trajectories/list.html",
        {
            "search": search,
            "filtered": bool(kept),
            "page": _page(request, trajectories, TRAJECTORIES_PER_PAGE),
            "querystring": urlencode(kept),
            "can_add": request.user.has_perm("trajectories.add_trajectory"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_create(request):
    if not request.user.has_perm("trajectories.add_trajectory"):
        raise PermissionDenied(_("Only facilitators can start a trajectory."))
    form = TrajectoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.trajectory_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The trajectory has been created."))
            return redirect("trajectories:detail", trajectory.pk)
    return render(request, "trajectories/form.html", {"form": form, "trajectory": None})


@require_GET
@trajectory_view("trajectories.view_trajectory")
def trajectory_detail(request, trajectory):
    context = selectors.trajectory_overview(trajectory=trajectory)
    # A step's evidence links only where this person may go (no links that answer 403).
    for step in context.get("steps", []):
        step.outputs = [
            o if may_open(request.user, trajectory, o.url) else replace(o, url="")
            for o in step.outputs
        ]
    context["trajectory"] = trajectory
    context["sections"] = sections_for(request.user, trajectory)
    context["tasks"] = open_tasks(request.user, trajectory)
    return render(request, "trajectories/detail.html", context)


@trajectory_view("trajectories.change_trajectory")
@require_http_methods(["GET", "POST"])
def trajectory_edit(request, trajectory):
    form = TrajectoryForm(request.POST if request.method == "POST" else None, instance=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_update(
                trajectory=selectors.trajectory_get(trajectory_id=trajectory.pk),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("trajectories:detail", trajectory.pk)
    return render(request, "trajectories/form.html", {"form": form, "trajectory": trajectory})


@trajectory_view("trajectories.view_trajectory")
@require_http_methods(["GET", "POST"])
def party_list(request, trajectory):
    can_manage = request.user.has_perm("trajectories.manage_parties", trajectory)
    form = (
        PartyForm(request.POST if request.method == "POST" else None, trajectory=trajectory)
        if can_manage
        else None
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator can add parties."))
        if form.is_valid():
            try:
                services.party_create(
                    trajectory=trajectory, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                messages.success(request, _("The party has been added."))
                return redirect("trajectories:parties", trajectory.pk)
    return render(
        request,
        "trajectories/parties.html",
        {
            "trajectory": trajectory,
            "parties": selectors.parties_with_people(trajectory=trajectory),
            "form": form,
        },
    )


@trajectory_view("trajectories.manage_parties")
@require_http_methods(["GET", "POST"])
def party_edit(request, trajectory, party_id):
    party = selectors.party_get(trajectory=trajectory, party_id=party_id)
    if party is None:
        raise Http404(_("This party does not exist."))
    form = PartyForm(
        request.POST if request.method == "POST" else None, instance=party, trajectory=trajectory
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(
                party=selectors.party_get(trajectory=trajectory, party_id=party_id),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("trajectories:parties", trajectory.pk)
    return render(request, "trajectories/party_form.html", {"trajectory": trajectory, "form": form})


@require_GET
@trajectory_view("trajectories.view_trajectory")
def people(request, trajectory):
    can_manage = request.user.has_perm("trajectories.manage_members", trajectory)
    return render(
        request,
        "trajectories/people.html",
        {
            "trajectory": trajectory,
            "memberships": selectors.membership_list(trajectory=trajectory),
            "show_names": request.user.has_perm("trajectories.view_member_names", trajectory),
            "parties": selectors.parties_with_people(trajectory=trajectory),
            "show_contacts": request.user.has_perm("trajectories.view_member_contacts", trajectory),
            "can_manage": can_manage,
            "invitations": (
                selectors.open_invitation_list(trajectory=trajectory) if can_manage else []
            ),
            "erasure_requests": (
                selectors.open_erasure_requests(trajectory=trajectory) if can_manage else []
            ),
        },
    )


@trajectory_view("trajectories.manage_members")
@require_http_methods(["GET", "POST"])
def invite(request, trajectory):
    form = InvitationForm(request.POST if request.method == "POST" else None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                trajectory=trajectory,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("trajectories:people", trajectory.pk)
    return render(request, "trajectories/invite.html", {"trajectory": trajectory, "form": form})


@trajectory_view("trajectories.manage_members")
@require_http_methods(["GET", "POST"])
def membership_edit(request, trajectory, membership_id):
    membership = selectors.membership_get(trajectory=trajectory, membership_id=membership_id)
    if membership is None:
        raise Http404(_("This person is not part of this trajectory."))
    form = MembershipForm(request.POST if request.method == "POST" else None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=selectors.membership_get(
                    trajectory=trajectory, membership_id=membership_id
                ),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("trajectories:people", trajectory.pk)
    return render(
        request,
        "trajectories/membership_form.html",
        {"trajectory": trajectory, "form": form, "membership": membership},
    )


@trajectory_view("trajectories.manage_members")
@require_POST
def membership_remove(request, trajectory, membership_id):
    membership = selectors.membership_get(trajectory=trajectory, membership_id=membership_id)
    if membership is None:
        raise Http404(_("This person is not part of this trajectory."))
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s has been removed.") % {"name": membership.user})
    return redirect("trajectories:people", trajectory.pk)


@trajectory_view("trajectories.manage_members")
@require_http_methods(["GET", "POST"])
def member_erase(request, trajectory, membership_id):
    """Carry out a member's request to be erased: what changes and what stays, then the button."""
    from rondetafel.accounts.personal_data import erasure_explanations_for
    from rondetafel.accounts.services import person_erase

    membership = selectors.membership_get(trajectory=trajectory, membership_id=membership_id)
    request_row = membership and selectors.open_erasure_request(membership=membership)
    if not request_row:
        raise Http404(_("This person has not asked to be erased."))
    if request.method == "POST":
        pseudonym = person_erase(user=membership.user, actor=request.user)
        messages.success(
            request, _("Done: this person is now called %(name)s everywhere.") % {"name": pseudonym}
        )
        return redirect("trajectories:people", trajectory.pk)
    return render(
        request,
        "trajectories/member_erase.html",
        {
            "trajectory": trajectory,
            "membership": membership,
            "erasure_request": request_row,
            "what_stays": erasure_explanations_for(membership.user),
        },
    )


@trajectory_view("trajectories.change_trajectory")
@require_http_methods(["GET", "POST"])
def step_edit(request, trajectory, number):
    step = selectors.step_get(trajectory=trajectory, number=number)
    if step is None:
        raise Http404(_("This step does not exist."))
    initial = {
        "status": step.status if step.set_by_hand else "",
        "reason": step.override_reason,
        "summary": step.summary,
    }
    form = StepForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(step=step, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The step has been updated."))
            return redirect("trajectories:detail", trajectory.pk)
    return render(
        request,
        "trajectories/step_form.html",
        {"trajectory": trajectory, "form": form, "step": step},
    )


@require_GET
@trajectory_view("trajectories.view_audit_log")
def audit_log(request, trajectory):
    entries = selectors.audit_entries(trajectory=trajectory)
    return render(
        request,
        "trajectories/audit_log.html",
        {
            "trajectory": trajectory,
            "page": _page(request, entries, AUDIT_ENTRIES_PER_PAGE),
            "querystring": "",
        },
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Open an invitation link: accept as the logged-in person, or make an account."""
    try:
        invitation = services.invitation_for_token(token)
        services.invitation_check(invitation, request.user)
    except services.InvitationError as exc:
        return render(
            request,
            "trajectories/invitation_error.html",
            {"message": exc.message},
            status=exc.status,
        )
    needs_account = not request.user.is_authenticated
    has_account = needs_account and services.User.objects.filter(email=invitation.email).exists()
    form = (
        AcceptInvitationForm(
            request.POST if request.method == "POST" else None, invitation=invitation
        )
        if needs_account
        else None
    )
    if request.method == "POST" and not has_account and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                token=token,
                user=request.user,
                password=form.cleaned_data["password1"] if form else None,
            )
        except services.InvitationError as exc:
            return render(
                request,
                "trajectories/invitation_error.html",
                {"message": exc.message},
                status=exc.status,
            )
        if needs_account:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome to %(title)s.") % {"title": membership.trajectory.title}
        )
        # A facilitator's invitation: a second factor before anything else (ADR 0028).
        if two_factor.after_login(request, membership.user):
            return redirect("accounts:two_factor_setup")
        return redirect("trajectories:detail", membership.trajectory_id)
    return render(
        request,
        "trajectories/invitation.html",
        {"invitation": invitation, "form": form, "has_account": has_account},
    )
