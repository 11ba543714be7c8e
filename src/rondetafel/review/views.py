"""Thin views: the facilitator's page to form review groups from an agreement's sections and
to start the plenary consent; the phone's proposals and the host's notes and verdicts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.models import Version
from rondetafel.trajectories.access import trajectory_view
from rondetafel.workshops.constants import PARTICIPANT_COOKIE, BlockKind
from rondetafel.workshops.models import Activity, AgendaBlock, Participant, Workshop
from rondetafel.workshops.selectors import participant_by_key, workshop_by_code

from . import services
from .constants import REVIEW_KIND


def _say(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@trajectory_view("review.manage")
def index(request, trajectory):
    versions = list(
        Version.objects.filter(
            agreement__trajectory=trajectory, status=VersionStatus.IN_REVIEW
        ).select_related("agreement")
    )
    return render(
        request,
        "review/index.html",
        {
            "trajectory": trajectory,
            "versions": [(v, services.queue(v)) for v in versions],
            "rounds": AgendaBlock.objects.filter(
                workshop__trajectory=trajectory, kind=BlockKind.SUBSESSIONS
            ).select_related("workshop"),
            "workshops": Workshop.objects.filter(trajectory=trajectory).exclude(status="closed"),
        },
    )


def _version(trajectory, version_id) -> Version:
    version = Version.objects.filter(agreement__trajectory=trajectory, pk=version_id).first()
    if version is None:
        raise ValidationError(_("Choose a version of this trajectory's agreement."))
    return version


@require_POST
@trajectory_view("review.manage")
def form_round(request, trajectory):
    try:
        block = AgendaBlock.objects.filter(
            workshop__trajectory=trajectory, pk=_uuid(request.POST.get("block"))
        ).first()
        if block is None:
            raise ValidationError(_("Choose a sub-session round of this trajectory."))
        version = _version(trajectory, _uuid(request.POST.get("version")))
        services.round_from_version(block=block, version=version, actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
        return redirect("review:index", trajectory.pk)
    messages.success(
        request,
        _(
            "The groups are formed from the sections. Assign people and publish the groups in the console."
        ),
    )
    return redirect("workshops:console", trajectory.pk, block.workshop_id)


@require_POST
@trajectory_view("review.manage")
def start_consent(request, trajectory):
    try:
        workshop = Workshop.objects.filter(
            trajectory=trajectory, pk=_uuid(request.POST.get("workshop"))
        ).first()
        if workshop is None:
            raise ValidationError(_("Choose a session of this trajectory."))
        version = _version(trajectory, _uuid(request.POST.get("version")))
        services.consent_start(workshop=workshop, version=version, actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
        return redirect("review:index", trajectory.pk)
    messages.success(request, _("The consent round is ready: start it in the console."))
    return redirect("workshops:console", trajectory.pk, workshop.pk)


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- the phones ------------------------------------------------------------------------------


def _phone(request, code, activity_id) -> tuple[Activity, Participant]:
    workshop = workshop_by_code(code)
    if workshop is None:
        raise Http404(_("There is no session with this code."))
    participant = participant_by_key(workshop=workshop, key=request.COOKIES.get(PARTICIPANT_COOKIE))
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    activity = Activity.objects.filter(workshop=workshop, pk=activity_id, kind=REVIEW_KIND).first()
    if activity is None:
        raise Http404(_("This activity does not exist."))
    return activity, participant


@require_POST
def propose(request, code, activity_id):
    activity, participant = _phone(request, code, activity_id)
    try:
        services.phone_proposal(
            activity=activity,
            participant=participant,
            kind=request.POST.get("kind", ""),
            rationale=request.POST.get("rationale", "")[:5000],
            article_id=_uuid(request.POST.get("article")) if request.POST.get("article") else None,
            text=request.POST.get("text", "")[:20000],
            heading=request.POST.get("heading", "")[:300],
            on_behalf_of_side=request.POST.get("on_behalf_of_side") == "1",
        )
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Your proposal has been sent; the plenary decides on it."))
    return redirect("workshops:live", activity.workshop.join_code)


@require_POST
def host_report(request, code, activity_id):
    activity, participant = _phone(request, code, activity_id)
    try:
        services.group_report_save(
            activity=activity,
            host=participant,
            notes=request.POST.get("notes", ""),
            outcome=request.POST.get("outcome", ""),
        )
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("The group's notes have been saved."))
    return redirect("workshops:live", activity.workshop.join_code)


@require_POST
def host_verdict(request, code, activity_id):
    activity, participant = _phone(request, code, activity_id)
    member = Participant.objects.filter(
        workshop=activity.workshop, pk=_uuid(request.POST.get("member"))
    ).first()
    try:
        if member is None:
            raise ValidationError(_("This person is not in your group."))
        services.verdict_by_host(
            activity=activity,
            host=participant,
            member=member,
            article_id=_uuid(request.POST.get("article")),
            verdict=request.POST.get("verdict", ""),
        )
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request, _("The verdict has been recorded for %(name)s.") % {"name": member}
        )
    return redirect("workshops:live", activity.workshop.join_code)
