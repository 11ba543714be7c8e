"""The opinion landscape of statement voting, and Pol.is import and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rondetafel.core.forms import errors_onto_form
from rondetafel.trajectories.access import trajectory_view

from .. import selectors
from ..models import Activity
from .common import (
    activity_or_404,
    session_or_404,
)


def _statement_activity(workshop, activity_id) -> Activity:
    activity = activity_or_404(workshop, activity_id)
    if not activity.type.has_landscape:
        raise Http404(_("Only statement voting has an opinion landscape."))
    return activity


@require_GET
@trajectory_view("workshops.run")
def opinion(request, trajectory, workshop_id, activity_id):
    workshop = session_or_404(trajectory, workshop_id)
    activity = _statement_activity(workshop, activity_id)
    return render(
        request,
        "workshops/opinion.html",
        {
            "trajectory": trajectory,
            "workshop": workshop,
            "activity": activity,
            "results": selectors.results(activity),
        },
    )


@require_GET
@trajectory_view("workshops.run")
def opinion_fragment(request, trajectory, workshop_id, activity_id):
    activity = _statement_activity(session_or_404(trajectory, workshop_id), activity_id)
    return render(
        request,
        "workshops/_opinion_live.html",
        {"activity": activity, "results": selectors.results(activity)},
    )


@require_GET
@trajectory_view("workshops.run")
def activity_polis_export(request, trajectory, workshop_id, activity_id):
    from .. import polis

    activity = _statement_activity(session_or_404(trajectory, workshop_id), activity_id)
    response = HttpResponse(polis.export_zip(activity), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="polis-{activity.position}.zip"'
    return response


@require_http_methods(["GET", "POST"])
@trajectory_view("workshops.run")
def polis_import(request, trajectory):
    from .. import polis
    from ..forms import PolisImportForm

    form = PolisImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = polis.import_export(
                trajectory=trajectory,
                actor=request.user,
                comments_csv=data["comments_text"],
                votes_csv=data["votes_text"],
                participants_votes_csv=data["participants_votes_text"],
                title=data["title"],
                all_or_nothing=not data["keep_valid"],
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            if outcome.stored and not outcome.problems:
                messages.success(request, _("The conversation has been imported."))
                return redirect(
                    "workshops:opinion",
                    trajectory.pk,
                    outcome.workshop.pk,
                    outcome.workshop.activities.get().pk,
                )
    problems = [(p, polis.problem_message(p)) for p in (outcome.problems if outcome else [])]
    return render(
        request,
        "workshops/polis_import.html",
        {"trajectory": trajectory, "form": form, "outcome": outcome, "problems": problems},
        status=400 if request.method == "POST" and (not form.is_valid() or problems) else 200,
    )
