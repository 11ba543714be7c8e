"""The scenario workshop on the trajectory's overview; a scenario taken into an agreement is a
decision in the log."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, sections

sections.register("scenarios")(
    Section(gettext_lazy("Scenario workshop"), "scenarios:list", "scenarios.view")
)


@decision_feeds.register("scenarios.scenario_to_agreement")
def scenario_adopted(entry) -> DecisionDraft | None:
    from .models import Scenario

    scenario = Scenario.objects.filter(pk=entry.object_id).select_related("field").first()
    if scenario is None:
        return None
    field = scenario.field
    return DecisionDraft(
        trajectory_id=field.trajectory_id,
        source_key=f"scenario:{scenario.pk}:{entry.data.get('article', '')}",
        title=_("Scenario “%(name)s” taken into the draft agreement") % {"name": scenario.name},
        decided_by=_("The facilitator, after the scenario workshop"),
        decided_on=entry.created_at.date(),
        basis=scenario.narrative[:2000],
        consequences=_("The parties review it as an article of the agreement."),
        source_label=field.title,
        source_url=reverse("scenarios:detail", args=[field.trajectory_id, field.pk]),
    )
