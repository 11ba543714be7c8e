"""What the agreement work has produced, for the trajectory's progress page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

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


@task_providers.register("agreements.to_review")
def articles_to_review(user, trajectory) -> list[Task]:
    """A version in review with articles this person has not given a verdict on yet."""
    from django.db.models import Count, Q
    from django.utils.translation import ngettext

    from .constants import VersionStatus
    from .models import Version

    if not user.is_authenticated or not user.has_perm("agreements.review", trajectory):
        return []
    tasks = []
    for version in Version.objects.filter(
        agreement__trajectory=trajectory, status=VersionStatus.IN_REVIEW
    ).annotate(
        articles=Count("sections__articles", distinct=True),
        mine=Count(
            "sections__articles__verdicts",
            filter=Q(sections__articles__verdicts__user=user),
            distinct=True,
        ),
    ):
        left = version.articles - version.mine
        if left > 0:
            tasks.append(
                Task(
                    _("Review %(title)s") % {"title": version.title},
                    reverse("agreements:version", args=[trajectory.pk, version.pk]),
                    ngettext(
                        "%(n)d article still waits for your verdict.",
                        "%(n)d articles still wait for your verdict.",
                        left,
                    )
                    % {"n": left},
                )
            )
    return tasks
