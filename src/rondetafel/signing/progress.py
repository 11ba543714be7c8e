"""Signing on the trajectory's progress page: the section link and each ceremony's state."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs

sections.register("signing")(Section(gettext_lazy("Signing"), "signing:list", "signing.view"))


@step_outputs.register("signing")
def signing_outputs(trajectory) -> list[StepOutput]:
    from .models import Ceremony

    outputs = []
    for ceremony in (
        Ceremony.objects.filter(trajectory=trajectory)
        .exclude(status="cancelled")
        .select_related("version")
        .defer("document", "completion_certificate")
    ):
        outputs.append(
            StepOutput(
                4,
                _("Signing %(title)s: %(status)s")
                % {
                    "title": ceremony.version.title,
                    "status": ceremony.get_status_display().lower(),
                },
                reverse("signing:ceremony", args=[trajectory.pk, ceremony.pk]),
            )
        )
    return outputs
