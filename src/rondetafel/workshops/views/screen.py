"""The presenter screen: full screen, no app chrome, for a projector and a room."""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rondetafel.trajectories.access import trajectory_view

from .. import selectors, services
from .common import (
    session_or_404,
)


def _join_panel(request, workshop) -> dict:
    join_url = request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))
    qr = segno.make(join_url, error="m").svg_inline(
        scale=8, title=_("QR code to join"), svgclass="rt-qr"
    )
    return {
        "join_url": join_url,
        "join_start_url": request.build_absolute_uri(reverse("workshops:join_start")),
        "qr": mark_safe(qr),  # noqa: S308 - segno builds this SVG; the URL in it is escaped  # nosec B308 B703
    }


def _screen_context(request, trajectory, workshop):
    activity = selectors.open_activity(workshop) or workshop.current_activity
    results = selectors.results(activity) if activity else None
    chart = None
    if activity is not None and results and activity.results_visible:
        chart = activity.type.chart(activity, results)
    return {
        "trajectory": trajectory,
        "workshop": workshop,
        "agenda_block": selectors.current_block(workshop),
        "activity": activity,
        "results": results,
        "chart": chart,
        "answers": selectors.answer_count(activity) if activity else 0,
        "participants": workshop.participants.count(),
        **_join_panel(request, workshop),
    }


@require_GET
@trajectory_view("workshops.view")
def screen(request, trajectory, workshop_id):
    """The presenter view: full screen, no app chrome, for a projector and a room."""
    workshop = session_or_404(trajectory, workshop_id)
    return render(
        request,
        "workshops/screen.html",
        {
            **_screen_context(request, trajectory, workshop),
            "can_run": request.user.has_perm("workshops.run", trajectory),
        },
    )


@require_POST
@trajectory_view("workshops.run")
def screen_control(request, trajectory, workshop_id):
    """The presenter's keyboard shortcuts (next, previous, show or hide the results). Answers
    with JSON; the screen itself follows through the live snapshot like every other view."""
    workshop = session_or_404(trajectory, workshop_id)
    command = request.POST.get("command", "")
    try:
        if command in ("next", "previous"):
            activity = services.activity_advance(
                workshop=workshop, actor=request.user, step=1 if command == "next" else -1
            )
            if activity is None:
                raise ValidationError(
                    _("This is the last activity.")
                    if command == "next"
                    else _("This is the first activity.")
                )
        elif command in ("show", "hide"):
            activity = workshop.current_activity
            if activity is None:
                raise ValidationError(_("No activity has been started yet."))
            services.activity_show_results(
                activity=activity, actor=request.user, visible=command == "show"
            )
        else:
            raise ValidationError(_("Unknown command."))
    except ValidationError as exc:
        return JsonResponse({"detail": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True, "activity": activity.title})


@require_GET
@trajectory_view("workshops.view")
def screen_fragment(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    return render(
        request, "workshops/_screen_live.html", _screen_context(request, trajectory, workshop)
    )
