"""The participant's phone pages (no account needed; anyone with the code): joining, the live
activity, answers (the form fallback), contributions and wishes."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form, form_errors
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.models import Membership
from rondetafel.trajectories.selectors import side_labels

from .. import join_limits, selectors, services
from ..batching import vote_batcher
from ..constants import PARTICIPANT_COOKIE, WorkshopStatus
from ..forms import CodeForm, JoinForm, StatementForm
from .common import (
    activity_or_404,
    block_or_404,
    errors_to_messages,
)


@require_GET
def version(request, code):
    """Public by the session code: only a number that changes, so pages know when to refresh.
    A wrong code counts as a wrong guess, as on the join form."""
    if _too_many_attempts(request):
        return JsonResponse({"detail": str(_TOO_MANY)}, status=429)
    workshop = selectors.workshop_by_code(code)
    if workshop is None:
        _count_failed_attempt(request)
        raise Http404(_("There is no session with this code."))
    return JsonResponse({"version": workshop.version})


_TOO_MANY = _lazy("Too many wrong codes from this device or network. Try again in ten minutes.")


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _too_many_attempts(request) -> bool:
    return join_limits.blocked(_address(request), join_limits.browser_of(request))


def _count_failed_attempt(request) -> None:
    join_limits.count_failure(_address(request), join_limits.browser_of(request))


@require_http_methods(["GET", "POST"])
def join_start(request):
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _too_many_attempts(request):
            form.add_error("code", _TOO_MANY)
        else:
            workshop = selectors.workshop_by_code(form.cleaned_data["code"])
            if workshop is None or workshop.status == WorkshopStatus.CLOSED:
                _count_failed_attempt(request)
                form.add_error("code", _("There is no open session with this code."))
            else:
                return redirect("workshops:join", workshop.join_code)
    return render(request, "workshops/join_start.html", {"form": form})


def _participant(request, workshop):
    return selectors.participant_by_key(
        workshop=workshop, key=request.COOKIES.get(PARTICIPANT_COOKIE)
    )


def _workshop_by_code(code):
    workshop = selectors.workshop_by_code(code)
    if workshop is None:
        raise Http404(_("There is no session with this code."))
    return workshop


@require_http_methods(["GET", "POST"])
def join(request, code):
    workshop = _workshop_by_code(code)
    if _participant(request, workshop):
        return redirect("workshops:live", workshop.join_code)
    if workshop.status == WorkshopStatus.CLOSED:
        return render(request, "workshops/ended.html", {"workshop": workshop})
    membership = (
        Membership.objects.filter(trajectory=workshop.trajectory, user=request.user)
        .select_related("party")
        .first()
        if request.user.is_authenticated
        else None
    )
    initial = {}
    if membership:
        initial = {
            "display_name": request.user.full_name,
            "side": membership.party.side if membership.party else "",
        }
    token = request.GET.get("kant") or request.POST.get("kant") or ""
    fixed_side = services.side_from_token(workshop=workshop, token=token) if token else None
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and fixed_side:
        data["side"] = fixed_side  # the link decides, whatever the form says
    if fixed_side:
        initial["side"] = fixed_side
    sides = side_labels(workshop.trajectory)
    form = JoinForm(data, initial=initial, sides=sides)
    if fixed_side:
        form.fields["side"].widget = forms.HiddenInput()
    if request.method == "POST" and form.is_valid():
        try:
            _participant_obj, key = services.participant_join(
                workshop=workshop,
                display_name=form.cleaned_data["display_name"],
                side=form.cleaned_data["side"],
                user=request.user if membership else None,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            response = redirect("workshops:live", workshop.join_code)
            response.set_cookie(
                PARTICIPANT_COOKIE,
                key,
                max_age=14 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
                path="/",
            )
            return response
    return render(
        request,
        "workshops/join.html",
        {
            "workshop": workshop,
            "form": form,
            "fixed_side": sides.get(fixed_side) or dict(Side.choices).get(fixed_side),
            "token": token if fixed_side else "",
        },
    )


def _notices(workshop):
    from ..phone_notices import notices_for

    return notices_for(workshop)


def _live_context(workshop, participant):
    activity = selectors.open_activity(workshop)
    context = {
        "workshop": workshop,
        "participant": participant,
        "my_group": selectors.my_group(workshop=workshop, participant=participant),
        "agenda_block": selectors.current_block(workshop),
        "wish": selectors.open_wish(workshop=workshop, participant=participant),
        "activity": activity,
        "activity_key": selectors.activity_key(
            selectors.open_activity(workshop) or workshop.current_activity
        ),
        "notices": _notices(workshop),
    }
    if activity is not None:
        context.update(selectors.phone_activity(activity, participant))
    return context


@require_GET
def live(request, code):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        return redirect("workshops:join", workshop.join_code)
    context = _live_context(workshop, participant)
    context["side_label"] = side_labels(workshop.trajectory).get(
        participant.side, participant.get_side_display()
    )
    return render(request, "workshops/live.html", context)


@require_GET
def live_fragment(request, code):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    return render(request, "workshops/_live_activity.html", _live_context(workshop, participant))


@require_POST
async def respond(request, code, activity_id):
    """The phone form's answer (the fallback when scripts or sockets are unavailable). It goes
    through the same batches as the WebSocket's votes: a room of phones posting at the same
    moment shares a few transactions instead of queueing for one each."""
    identity = await sync_to_async(selectors.phone_identity)(
        code=code, key=request.COOKIES.get(PARTICIPANT_COOKIE)
    )
    if identity is None:
        raise PermissionDenied(_("Join the session first."))
    join_code, workshop_id, participant_id = identity
    outcome = await vote_batcher(thread_sensitive=True).submit(
        services.vote_from_form(
            request.POST,
            activity_id=activity_id,
            participant_id=participant_id,
            workshop_id=workshop_id,
        )
    )
    if outcome.ok:
        messages.success(request, _("Your answer has been recorded."))
    else:
        messages.error(request, outcome.detail)
    return redirect("workshops:live", join_code)


@require_POST
def submit_statement(request, code, activity_id):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    activity = activity_or_404(workshop, activity_id)
    form = StatementForm(request.POST)
    try:
        if not form.is_valid():
            raise form_errors(form)
        services.statement_submit(
            activity=activity,
            participant=participant,
            text=form.cleaned_data["text"],
            client_id=form.cleaned_data["client_id"],
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("Thank you. The facilitator will look at your statement before it is shown.")
        )
    return redirect("workshops:live", workshop.join_code)


@require_POST
def wish(request, code, block_id):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    block = block_or_404(workshop, block_id)
    try:
        services.preference_set(
            block=block, participant=participant, topics=[request.POST.get("topic", "")]
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("Your wish has been noted."))
    return redirect("workshops:live", workshop.join_code)
