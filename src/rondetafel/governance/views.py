"""Thin views for step 5: the dashboard, the decision log, commitments (with the personal
inbox), governance bodies, meetings with agenda and minutes, and calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form
from rondetafel.trajectories.access import trajectory_view
from rondetafel.trajectories.selectors import trajectory_overview

from . import calendar, charts, selectors, services
from .forms import (
    BodyForm,
    CommitmentForm,
    DecisionForm,
    DecisionReviewForm,
    MinutesForm,
    ProgressForm,
    ReassignForm,
    SeriesForm,
)


def _posted(request, form, write) -> bool:
    """A valid posted form written through a service; a refusal lands on the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(**form.cleaned_data)
    except ValidationError as exc:
        errors_onto_form(exc, form)
        return False
    return True


def _manager(request, trajectory) -> bool:
    return request.user.has_perm("governance.manage", trajectory)


def _require_manager(request, trajectory) -> None:
    if request.method == "POST" and not _manager(request, trajectory):
        raise PermissionDenied(_("Only the facilitator can change this."))


# --- dashboard -------------------------------------------------------------------------------


@require_GET
@trajectory_view("governance.view")
def dashboard(request, trajectory):
    context = selectors.dashboard(trajectory=trajectory)
    context["bar"] = charts.status_bar(
        context["commitments"],
        [
            ("done", _("Done")),
            ("under_way", _("Under way")),
            ("open", _("Open")),
            ("dropped", _("Dropped")),
        ],
    )
    context["steps"] = trajectory_overview(trajectory=trajectory)["steps"]
    context["trajectory"] = trajectory
    context["can_manage"] = _manager(request, trajectory)
    return render(request, "governance/dashboard.html", context)


# --- decisions -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.view")
def decisions(request, trajectory):
    _require_manager(request, trajectory)
    form = DecisionForm(request.POST or None) if _manager(request, trajectory) else None
    if form is not None and _posted(
        request,
        form,
        lambda **data: services.decision_create(trajectory=trajectory, actor=request.user, **data),
    ):
        messages.success(request, _("The decision is in the log."))
        return redirect("governance:decisions", trajectory.pk)
    return render(
        request,
        "governance/decisions.html",
        {
            "trajectory": trajectory,
            "decisions": selectors.decision_log(trajectory=trajectory),
            "form": form,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.manage")
def decision_edit(request, trajectory, decision_id):
    decision = selectors.decision_get(trajectory=trajectory, decision_id=decision_id)
    if decision is None:
        raise Http404(_("This decision does not exist."))
    form_class = DecisionReviewForm if decision.source_key else DecisionForm
    initial = {f: getattr(decision, f) for f in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if _posted(
        request,
        form,
        lambda **data: services.decision_update(decision=decision, actor=request.user, **data),
    ):
        messages.success(request, _("The decision has been updated."))
        return redirect("governance:decisions", trajectory.pk)
    return render(
        request,
        "governance/decision_form.html",
        {"trajectory": trajectory, "decision": decision, "form": form},
    )


# --- commitments -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.view")
def commitments(request, trajectory):
    _require_manager(request, trajectory)
    view = request.GET.get("view", "open")
    if view not in selectors.VIEWS:
        view = "open"
    form = (
        CommitmentForm(request.POST or None, trajectory=trajectory)
        if _manager(request, trajectory)
        else None
    )
    if form is not None and _posted(
        request,
        form,
        lambda **data: services.commitment_create(
            trajectory=trajectory, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The commitment has been recorded."))
        return redirect("governance:commitments", trajectory.pk)
    return render(
        request,
        "governance/commitments.html",
        {
            "trajectory": trajectory,
            "commitments": selectors.commitment_list(trajectory=trajectory, view=view),
            "view": view,
            "views": _view_labels(),
            "form": form,
            "today": timezone.localdate(),
        },
    )


def _view_labels():
    return [
        ("open", _("Open")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
        ("owner_left", _("Owner left")),
        ("done", _("Done or dropped")),
        ("all", _("All")),
    ]


def _commitment(trajectory, commitment_id):
    commitment = selectors.commitment_get(trajectory=trajectory, commitment_id=commitment_id)
    if commitment is None:
        raise Http404(_("This commitment does not exist."))
    return commitment


def _commitment_page(request, trajectory, commitment, progress_form=None, reassign_form=None):
    may_move = request.user.has_perm("governance.move_commitment", commitment)
    if may_move and progress_form is None:
        progress_form = ProgressForm(
            initial={"status": commitment.status, "evidence": commitment.evidence}
        )
    if _manager(request, trajectory) and reassign_form is None:
        reassign_form = ReassignForm(trajectory=trajectory, prefix="reassign")
    return render(
        request,
        "governance/commitment.html",
        {
            "trajectory": trajectory,
            "commitment": commitment,
            "history": selectors.commitment_history(commitment=commitment),
            "progress_form": progress_form if may_move else None,
            "reassign_form": reassign_form if _manager(request, trajectory) else None,
            "today": timezone.localdate(),
        },
        status=400 if (progress_form or reassign_form) and request.method == "POST" else 200,
    )


@require_GET
@trajectory_view("governance.view")
def commitment(request, trajectory, commitment_id):
    return _commitment_page(request, trajectory, _commitment(trajectory, commitment_id))


@require_POST
@trajectory_view("governance.view")
def commitment_progress(request, trajectory, commitment_id):
    commitment = _commitment(trajectory, commitment_id)
    if not request.user.has_perm("governance.move_commitment", commitment):
        raise PermissionDenied(_("Only its owner or the facilitator can move this commitment on."))
    form = ProgressForm(request.POST)
    if _posted(
        request,
        form,
        lambda **data: services.commitment_progress(
            commitment=commitment, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The commitment has been updated."))
        return redirect("governance:commitment", trajectory.pk, commitment.pk)
    return _commitment_page(request, trajectory, commitment, progress_form=form)


@require_POST
@trajectory_view("governance.manage")
def commitment_reassign(request, trajectory, commitment_id):
    commitment = _commitment(trajectory, commitment_id)
    form = ReassignForm(request.POST, trajectory=trajectory, prefix="reassign")
    if _posted(
        request,
        form,
        lambda **data: services.commitment_reassign(
            commitment=commitment, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The commitment has a new owner."))
        return redirect("governance:commitment", trajectory.pk, commitment.pk)
    return _commitment_page(request, trajectory, commitment, reassign_form=form)


@require_GET
@login_required
def inbox(request):
    context = selectors.inbox(user=request.user)
    context["today"] = timezone.localdate()
    context["calendar_url"] = request.build_absolute_uri(
        reverse("governance:person_calendar", args=[calendar.feed_token("user", request.user.pk)])
    )
    return render(request, "governance/inbox.html", context)


# --- governance bodies and meetings ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.view")
def bodies(request, trajectory):
    _require_manager(request, trajectory)
    form = (
        BodyForm(request.POST or None, trajectory=trajectory)
        if _manager(request, trajectory)
        else None
    )
    if form is not None and _posted(
        request,
        form,
        lambda **data: services.body_create(trajectory=trajectory, actor=request.user, **data),
    ):
        messages.success(request, _("The body has been added."))
        return redirect("governance:bodies", trajectory.pk)
    return render(
        request,
        "governance/bodies.html",
        {"trajectory": trajectory, "bodies": selectors.bodies(trajectory=trajectory), "form": form},
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.view")
def body(request, trajectory, body_id):
    _require_manager(request, trajectory)
    body = selectors.body_get(trajectory=trajectory, body_id=body_id)
    if body is None:
        raise Http404(_("This body does not exist."))
    form = SeriesForm(request.POST or None) if _manager(request, trajectory) else None
    if form is not None and _posted(
        request,
        form,
        lambda **data: services.meeting_series_create(body=body, actor=request.user, **data),
    ):
        messages.success(request, _("The meetings have been planned."))
        return redirect("governance:body", trajectory.pk, body.pk)
    return render(
        request,
        "governance/body.html",
        {
            "trajectory": trajectory,
            "body": body,
            "members": body.members.select_related("user", "party"),
            "meetings": body.meetings.all(),
            "form": form,
            "calendar_url": request.build_absolute_uri(
                reverse(
                    "governance:body_calendar",
                    args=[trajectory.pk, body.pk, calendar.feed_token("body", body.pk)],
                )
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("governance.view")
def meeting(request, trajectory, meeting_id):
    _require_manager(request, trajectory)
    meeting = selectors.meeting_get(trajectory=trajectory, meeting_id=meeting_id)
    if meeting is None:
        raise Http404(_("This meeting does not exist."))
    form = None
    if _manager(request, trajectory) and meeting.minutes_status != "approved":
        form = MinutesForm(
            request.POST or None,
            initial={"minutes": meeting.minutes, "decisions": meeting.minutes_decisions},
        )
    if form is not None and _posted(
        request,
        form,
        lambda **data: services.minutes_save(meeting=meeting, actor=request.user, **data),
    ):
        messages.success(request, _("The minutes have been saved."))
        return redirect("governance:meeting", trajectory.pk, meeting.pk)
    return render(
        request,
        "governance/meeting.html",
        {
            "trajectory": trajectory,
            "meeting": meeting,
            "agenda": selectors.agenda(meeting=meeting),
            "form": form,
            "can_manage": _manager(request, trajectory),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@trajectory_view("governance.manage")
def minutes_approve(request, trajectory, meeting_id):
    meeting = selectors.meeting_get(trajectory=trajectory, meeting_id=meeting_id)
    if meeting is None:
        raise Http404(_("This meeting does not exist."))
    try:
        logged = services.minutes_approve(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The minutes are approved; %(n)d decisions entered the log.") % {"n": len(logged)},
        )
    return redirect("governance:meeting", trajectory.pk, meeting.pk)


# --- calendar feeds (no log-in: the signed token is the key) ---------------------------------


def _ics(meetings, name: str) -> HttpResponse:
    response = HttpResponse(
        calendar.ics(meetings, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="rondetafel.ics"'
    return response


@require_GET
def person_calendar(request, token):
    from django.contrib.auth import get_user_model

    user_id = calendar.read_token(token, "user")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404(_("This calendar link is not valid."))
    return _ics(selectors.meetings_for_user(user=user), _("My rondetafel meetings"))


@require_GET
def body_calendar(request, trajectory_id, body_id, token):
    if calendar.read_token(token, "body") != str(body_id):
        raise Http404(_("This calendar link is not valid."))
    body = selectors.body_get(trajectory=trajectory_id, body_id=body_id)
    if body is None:
        raise Http404(_("This calendar link is not valid."))
    return _ics(selectors.meetings_for_body(body=body), body.name)
