"""What the agreement work has produced, for the trajectory's progress page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs

sections.register("agreements")(
    Section(gettext_lazy("Agreements"), "agreements:list", "agreements.view")
)


@step_outputs.register("agreements")
def agreement_outputs(trajectory) -> list[StepOutput]:
    from .constants import ProposalStatus
    from .models import Proposal, Version

    outputs = []
    for version in (
        Version.objects.filter(agreement__trajectory=trajectory)
        .select_related("agreement")
        .order_by("agreement__title", "number")
    ):
        url = reverse("agreements:version", args=[trajectory.pk, version.pk])
        outputs.append(
            StepOutput(
                4,
                _("%(title)s, version %(n)d: %(status)s")
                % {
                    "title": version.title,
                    "n": version.number,
                    "status": version.get_status_display().lower(),
                },
                url,
            )
        )
    decided = (
        Proposal.objects.filter(version__agreement__trajectory=trajectory)
        .exclude(status=ProposalStatus.OPEN)
        .count()
    )
    if decided:
        outputs.append(
            StepOutput(
                4,
                _("%(n)d proposals decided") % {"n": decided},
                reverse("agreements:list", args=[trajectory.pk]),
            )
        )
    return outputs
