"""Trust measurement on the trajectory's overview."""

from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, sections

sections.register("trust")(Section(gettext_lazy("Trust, measured"), "trust:list", "trust.view"))
