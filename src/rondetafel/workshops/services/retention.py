"""Retention (AVG/GDPR): a trajectory may keep the names in its sessions for a set number of
days after each session ended (`Trajectory.session_names_kept_days`). Then the names the
participants typed, and the links to their phone (the cookie key's hash) and account, are
removed. Their answers stay, tied to a nameless participant with only a side, so every result,
aggregate and report stays exactly as it was."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.audit import audit

from ..constants import WorkshopStatus
from ..models import Participant, Workshop


@transaction.atomic
def names_remove(*, workshop: Workshop, actor=None) -> int:
    """Remove the names and links of everyone in this ended session; returns how many."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    people = list(Participant.objects.filter(workshop=workshop))
    for person in people:
        person.display_name = ""
        person.user = None
        # A fresh hash nobody holds the key to: the old cookie no longer finds this identity.
        person.key_hash = token_hash(secrets.token_urlsafe(32))
    Participant.objects.bulk_update(people, ["display_name", "user", "key_hash"], batch_size=500)
    workshop.names_removed_at = timezone.now()
    workshop.save(update_fields=["names_removed_at", "updated_at"])
    audit(
        "workshop.names_removed",
        actor=actor,
        obj=workshop,
        trajectory=workshop.trajectory_id,
        participants=len(people),
    )
    return len(people)


def names_due(now: datetime.datetime | None = None) -> list[Workshop]:
    """Ended sessions whose trajectory's retention period has passed, names not yet removed.
    (Few rows: the period is compared here rather than in SQL, the same on every database.)"""
    now = now or timezone.now()
    candidates = Workshop.objects.filter(
        status=WorkshopStatus.CLOSED,
        closed_at__isnull=False,
        names_removed_at__isnull=True,
        trajectory__session_names_kept_days__isnull=False,
    ).select_related("trajectory")
    return [
        w
        for w in candidates
        if w.closed_at + datetime.timedelta(days=w.trajectory.session_names_kept_days) <= now
    ]


def retention_sweep(now: datetime.datetime | None = None) -> int:
    """The worker's daily sweep: remove the names wherever the period has passed."""
    return sum(names_remove(workshop=w) for w in names_due(now))
