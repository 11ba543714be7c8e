"""Sessions on the trajectory's overview and progress, and their recorded outcomes as decisions."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs

sections.register("workshops")(
    Section(gettext_lazy("Sessions"), "workshops:list", "workshops.view")
)


@step_outputs.register("workshops")
def session_outputs(trajectory) -> list[StepOutput]:
    """Step 3: sessions designed; step 4: sessions held."""
    from .constants import WorkshopStatus
    from .models import Workshop

    counts = Workshop.objects.filter(trajectory=trajectory).aggregate(
        designed=Count("id", filter=Q(activities__isnull=False), distinct=True),
        held=Count("id", filter=~Q(status=WorkshopStatus.PLANNED)),
    )
    url = reverse("workshops:list", args=[trajectory.pk])
    outputs = []
    if counts["designed"]:
        outputs.append(
            StepOutput(
                3,
                ngettext("%(n)d session designed", "%(n)d sessions designed", counts["designed"])
                % {"n": counts["designed"]},
                url,
                completes=True,
            )
        )
    if counts["held"]:
        outputs.append(
            StepOutput(
                4,
                ngettext("%(n)d session held", "%(n)d sessions held", counts["held"])
                % {"n": counts["held"]},
                url,
            )
        )
    return outputs


@decision_feeds.register("workshop.outcome_recorded")
def recorded_outcome(entry) -> DecisionDraft | None:
    """A consent round's (or any outcome-recording activity's) outcome, as the room decided."""
    from .models import Activity, Response

    activity = Activity.objects.filter(pk=entry.object_id).select_related("workshop").first()
    if activity is None:
        return None
    contributors = (
        Response.objects.filter(activity=activity, participant__user__isnull=False)
        .values_list("participant__user_id", flat=True)
        .distinct()
    )
    return DecisionDraft(
        trajectory_id=activity.workshop.trajectory_id,
        source_key=f"activity:{activity.pk}",
        title=activity.outcome,
        decided_by=_("The room in the session “%(session)s”")
        % {"session": activity.workshop.title},
        decided_on=entry.created_at.date(),
        basis=_("%(activity)s, with the answers given from the phones")
        % {"activity": activity.title},
        source_label=activity.workshop.title,
        source_url=reverse(
            "workshops:report", args=[activity.workshop.trajectory_id, activity.workshop_id]
        ),
        contributor_ids=list(contributors),
    )
