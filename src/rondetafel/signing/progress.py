"""Signing on the trajectory's progress page: the section link and each ceremony's state."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

sections.register("signing")(Section(gettext_lazy("Signing"), "signing:list", "signing.view"))


@step_outputs.register("signing")
def signing_outputs(trajectory) -> list[StepOutput]:
    from .constants import CeremonyStatus
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
                completes=ceremony.status == CeremonyStatus.COMPLETE,
            )
        )
    return outputs


@task_providers.register("signing.to_sign")
def documents_to_sign(user, trajectory) -> list[Task]:
    """An open ceremony with this person on its list, not yet signed by them."""
    from .constants import CeremonyStatus
    from .models import Signatory

    if not user.is_authenticated:
        return []
    return [
        Task(
            _("Sign %(title)s") % {"title": s.ceremony.version.title},
            reverse("signing:ceremony", args=[trajectory.pk, s.ceremony_id]),
            _("You are on the list of signatories."),
        )
        for s in Signatory.objects.filter(
            ceremony__trajectory=trajectory,
            ceremony__status=CeremonyStatus.OPEN,
            user=user,
            signed_at__isnull=True,
        ).select_related("ceremony__version")
    ]


@decision_feeds.register("signing.completed")
def signing_completed(entry) -> DecisionDraft | None:
    """Everyone on the list has signed: the agreement is in force for the parties."""
    from .models import Ceremony

    ceremony = (
        Ceremony.objects.filter(pk=entry.object_id)
        .select_related("version")
        .defer("document", "completion_certificate")
        .first()
    )
    if ceremony is None:
        return None
    signatories = list(ceremony.signatories.order_by("position"))
    parties = sorted({s.party_name for s in signatories if s.party_name})
    return DecisionDraft(
        trajectory_id=ceremony.trajectory_id,
        source_key=f"ceremony:{ceremony.pk}",
        title=_("%(title)s signed by every participant") % {"title": ceremony.version.title},
        decided_by=", ".join(parties) or _("The signatories"),
        decided_on=entry.created_at.date(),
        basis=_("%(n)d signatures, each verifiable in the signed PDF (SHA-256 %(sha)s)")
        % {"n": len(signatories), "sha": (ceremony.final_sha256 or "")[:16]},
        consequences=_("The agreement applies; its commitments are followed up in step 5."),
        source_label=str(ceremony.version),
        source_url=reverse("signing:ceremony", args=[ceremony.trajectory_id, ceremony.pk]),
        contributor_ids=[s.user_id for s in signatories],
    )
