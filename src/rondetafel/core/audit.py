"""The append-only, hash-chained audit log. Services call :func:`audit_record`; nothing else
writes entries. :func:`audit_verify` walks the chain and reports the first broken link."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64

# Sent inside the writing transaction, after the entry is saved: a receiver's writes (the
# decision log) commit or roll back with the change the entry records. Argument: ``entry``.
audit_recorded = Signal()


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.isoformat(),
        "actor_id": str(entry.actor_id) if entry.actor_id else None,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "scope": entry.scope,
        "data": entry.data,
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    scope: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    head, _created = AuditHead.objects.select_for_update().get_or_create(id=1)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        sequence=head.sequence + 1,
        created_at=timezone.now().replace(microsecond=0),
        actor=actor_user,
        actor_label=str(actor_user.get_username()) if actor_user else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        scope=scope,
        # A JSON round trip stores exactly what the hash covers.
        data=json.loads(json.dumps(data or {}, default=str)),
        previous_hash=head.entry_hash,
    )
    entry.entry_hash = compute_hash(entry)
    entry.full_clean()
    entry.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(sequence=entry.sequence, entry_hash=entry.entry_hash)
    audit_recorded.send(sender=AuditEntry, entry=entry)
    return entry


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""


def audit_verify() -> AuditVerification:
    """Recompute the chain from the start; stop at the first entry that does not fit."""
    previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return AuditVerification(
                False, checked, expected_sequence, f"entry {expected_sequence} is missing"
            )
        if entry.previous_hash != previous:
            return AuditVerification(
                False, checked, entry.sequence, "does not link to the previous entry"
            )
        if compute_hash(entry) != entry.entry_hash:
            return AuditVerification(
                False, checked, entry.sequence, "content does not match its hash"
            )
        previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.sequence != checked:
        return AuditVerification(
            False, checked, checked + 1, f"the log should hold {head.sequence} entries"
        )
    return AuditVerification(True, checked)
