"""Trust measurement on the trajectory's overview and, as step 5's evidence, its closed waves."""

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs

sections.register("trust")(Section(gettext_lazy("Trust, measured"), "trust:list", "trust.view"))


@step_outputs.register("trust")
def trust_outputs(trajectory) -> list[StepOutput]:
    from .models import Wave, WaveStatus

    closed = Wave.objects.filter(survey__trajectory=trajectory, status=WaveStatus.CLOSED).count()
    if not closed:
        return []
    return [
        StepOutput(
            5,
            ngettext("%(n)d trust wave measured", "%(n)d trust waves measured", closed)
            % {"n": closed},
            reverse("trust:list", args=[trajectory.pk]),
        )
    ]
