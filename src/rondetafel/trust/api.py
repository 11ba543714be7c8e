"""API for trust measurement: the surveys of a trajectory and their report, as aggregates only.
Per side and per wave, the number of respondents and the mean of the headline measure (none for
a group below the survey's minimum, as on the report page), and the change between waves in
words. Never a respondent, an open answer, or the count of flagged answers."""

from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from rondetafel.trajectories.access import trajectory_for

from . import selectors
from .models import Survey

router = Router(tags=["trust"])


class WaveOut(Schema):
    label: str
    moment: str
    status: str


class SurveyOut(Schema):
    id: UUID
    title: str
    min_group: int
    waves: list[WaveOut]


class WaveFigure(Schema):
    wave: str
    respondents: int
    mean: float | None  # None below the survey's minimum group


class ChangeOut(Schema):
    before: str
    after: str
    pairs: int
    sentence: str


class GroupOut(Schema):
    key: str  # a side, or "all"
    label: str
    waves: list[WaveFigure]
    changes: list[ChangeOut]


class ReportOut(Schema):
    survey: SurveyOut
    measure: str | None
    groups: list[GroupOut]


def _survey_out(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "min_group": survey.min_group,
        "waves": [
            {"label": w.label, "moment": w.moment, "status": w.status}
            for w in survey.waves.order_by("label")
        ],
    }


@router.get("/trajectories/{trajectory_id}/surveys", response=list[SurveyOut])
def list_surveys(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trust.view")
    return [_survey_out(s) for s in Survey.objects.filter(trajectory=trajectory)]


@router.get("/trajectories/{trajectory_id}/surveys/{survey_id}/report", response=ReportOut)
def get_survey_report(request, trajectory_id: UUID, survey_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trust.view")
    survey = Survey.objects.filter(trajectory=trajectory, pk=survey_id).first()
    if survey is None:
        raise Http404(_("This questionnaire does not exist."))
    report = selectors.report(survey)
    return {
        "survey": _survey_out(survey),
        "measure": report.measure.name if report.measure else None,
        "groups": [
            {
                "key": g.key,
                "label": str(g.label),
                "waves": [
                    {"wave": label, "respondents": n, "mean": mean}
                    for label, (n, mean) in g.per_wave.items()
                ],
                "changes": [
                    {"before": c.before, "after": c.after, "pairs": c.pairs, "sentence": c.sentence}
                    for c in g.changes
                ],
            }
            for g in report.groups
        ],
    }
