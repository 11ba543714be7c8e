"""What a live session announces when it changes. Services call these inside their transaction;
other apps do too (a trust survey opened in a session shows on its phones) and may listen to
`session_changed`, sent after commit.

Every change bumps the session's version and, after commit, sends each open view a complete
snapshot (coalesced: at most a few per second however many votes arrive). How a snapshot is
built belongs to the reads (`selectors.snapshot`); `apps.ready` connects it here, so this module
stays below everything that calls it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

from rondetafel.core.realtime import (
    group_name,
    publish_snapshots_on_commit,
    run_coalesced_on_commit,
)

from .models import Workshop

# Sent after commit with `workshop_id` when anything a live view shows has changed.
session_changed = Signal()

# (workshop id) -> [(group, event), ...]; set by WorkshopsConfig.ready.
_snapshots: Callable[[object], list[tuple[str, dict]]] | None = None


def build_snapshots_with(builder: Callable[[object], list[tuple[str, dict]]]) -> None:
    global _snapshots  # noqa: PLW0603 - one builder per process, set at start-up
    _snapshots = builder


def changed(workshop_id) -> None:
    """Bump the version inside the caller's transaction and announce the change after commit.
    Takes the id: a vote should not have to load the session to announce itself."""
    Workshop.objects.filter(pk=workshop_id).update(version=F("version") + 1)
    if _snapshots is not None:
        publish_snapshots_on_commit(
            group_name("workshop", workshop_id), lambda: _snapshots(workshop_id)
        )
    transaction.on_commit(lambda: session_changed.send(sender=Workshop, workshop_id=workshop_id))


def answers_changed(activity, activity_type) -> None:
    """Answers or moderation of `activity` changed: the session changed, and after commit its
    type may refresh what it derives from them (coalesced; pages only read)."""
    changed(activity.workshop_id)
    activity_id = activity.pk
    run_coalesced_on_commit(
        f"answers:{activity_id}", lambda: activity_type.answers_changed(activity_id)
    )
