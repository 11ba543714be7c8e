"""Step 5 on the trajectory's overview: the links, the evidence, and what is asked of a person
(their commitments due soon or overdue)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

from .constants import DUE_SOON_DAYS, OPEN_STATUSES, CommitmentStatus

sections.register("governance.dashboard")(
    Section(gettext_lazy("Dashboard"), "governance:dashboard", "governance.view")
)
sections.register("governance.decisions")(
    Section(gettext_lazy("Decision log"), "governance:decisions", "governance.view")
)
sections.register("governance.commitments")(
    Section(gettext_lazy("Commitments"), "governance:commitments", "governance.view")
)
sections.register("governance.bodies")(
    Section(gettext_lazy("Governance"), "governance:bodies", "governance.view")
)


@step_outputs.register("governance")
def embedding_outputs(trajectory) -> list[StepOutput]:
    from .models import Commitment, Decision, Meeting

    outputs = []
    decisions = Decision.objects.filter(trajectory=trajectory).count()
    if decisions:
        outputs.append(
            StepOutput(
                5,
                ngettext("%(n)d decision in the log", "%(n)d decisions in the log", decisions)
                % {"n": decisions},
                reverse("governance:decisions", args=[trajectory.pk]),
            )
        )
    c = Commitment.objects.filter(trajectory=trajectory).aggregate(
        n=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        done=Count("id", filter=Q(status=CommitmentStatus.DONE)),
    )
    if c["n"]:
        outputs.append(
            StepOutput(
                5,
                _("%(n)d commitments: %(done)d done, %(open)d under way or open") % c,
                reverse("governance:commitments", args=[trajectory.pk]),
                # embedded: every commitment has been followed through
                completes=c["open"] == 0,
            )
        )
    approved = Meeting.objects.filter(
        body__trajectory=trajectory, minutes_status="approved"
    ).count()
    if approved:
        outputs.append(
            StepOutput(
                5,
                ngettext(
                    "%(n)d governance meeting with approved minutes",
                    "%(n)d governance meetings with approved minutes",
                    approved,
                )
                % {"n": approved},
                reverse("governance:bodies", args=[trajectory.pk]),
            )
        )
    return outputs


@task_providers.register("governance.commitments_due")
def commitments_due(user, trajectory) -> list[Task]:
    from .models import Commitment

    soon = timezone.localdate() + datetime.timedelta(DUE_SOON_DAYS)
    due = Commitment.objects.filter(
        trajectory=trajectory, owner__user=user, status__in=OPEN_STATUSES, due_on__lte=soon
    )
    return [
        Task(
            label=_("Your commitment: %(what)s") % {"what": c.description},
            url=reverse("governance:commitment", args=[trajectory.pk, c.pk]),
            why=_("Due on %(date)s") % {"date": c.due_on.isoformat()},
        )
        for c in due[:5]
    ]
