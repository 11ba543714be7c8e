"""Reports on the trajectory's overview, and a published report as step-5 evidence."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs

sections.register("reports")(Section(gettext_lazy("Reports"), "reports:list", "reports.view"))
sections.register("reports.feedback")(
    Section(gettext_lazy("You said, we did"), "reports:feedback", "reports.view")
)


@step_outputs.register("reports")
def report_outputs(trajectory) -> list[StepOutput]:
    from .models import Report

    return [
        StepOutput(
            5,
            _("%(kind)s published (%(language)s)")
            % {"kind": report.get_kind_display(), "language": report.get_language_display()},
            reverse("reports:report", args=[trajectory.pk, report.pk]),
        )
        for report in Report.objects.filter(trajectory=trajectory, status="published")
    ]
