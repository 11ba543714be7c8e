"""The link to reviewing the agreement in sessions, on the trajectory's overview."""

from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, sections

sections.register("review")(
    Section(gettext_lazy("Agreement in sessions"), "review:index", "review.manage")
)
