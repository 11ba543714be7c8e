"""Sessions on the trajectory's overview."""

from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, sections

sections.register("workshops")(
    Section(gettext_lazy("Sessions"), "workshops:list", "workshops.view")
)
