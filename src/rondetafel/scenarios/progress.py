"""The scenario workshop on the trajectory's overview."""

from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, sections

sections.register("scenarios")(
    Section(gettext_lazy("Scenario workshop"), "scenarios:list", "scenarios.view")
)
