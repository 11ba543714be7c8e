"""The append-only, keyed and sealed audit log (ADR 0004). Services call :func:`audit_record`;
nothing else writes entries. Each entry's hash is an HMAC under `settings.AUDIT_KEY` (kept
outside the database) over its content and the previous hash; :func:`audit_seal` has the head
timestamped by the installation's time-stamping authority. :func:`audit_verify` walks the chain
and the seals and reports the first broken link."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import AuditEntry, AuditHead, AuditSeal

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


def person_reference(person) -> str:
    """How the chain names a person (a user, or an e-mail address before there is one): a
    reference salted with the audit key, never a name or an address. Erasing a person changes
    their address, so the reference no longer leads to them, while every entry still verifies
    (ADR 0027)."""
    email = getattr(person, "email", person) or ""
    digest = hmac.new(
        settings.AUDIT_KEY.encode(), b"person:" + email.strip().lower().encode(), hashlib.sha256
    )
    return "p:" + digest.hexdigest()[:20]


def compute_hash(entry: AuditEntry, key: str | None = None) -> str:
    secret = (key if key is not None else settings.AUDIT_KEY).encode()
    return hmac.new(secret, _canonical(entry), hashlib.sha256).hexdigest()


# --- seals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timestamper:
    """The installation's time-stamping authority, as the signing app provides it (core sits
    below signing): `stamp(digest)` gives a token, `check(token, digest)` its time or None."""

    stamp: Callable[[bytes], bytes]
    check: Callable[[bytes, bytes], datetime.datetime | None]


_timestamper: Timestamper | None = None


def register_timestamper(timestamper: Timestamper) -> None:
    global _timestamper
    _timestamper = timestamper


def _seal_digest(entry_hash: str) -> bytes:
    return hashlib.sha256(entry_hash.encode()).digest()


@transaction.atomic
def audit_seal() -> AuditSeal | None:
    """Timestamp the chain's head, unless it is already sealed (or empty)."""
    if _timestamper is None:
        raise RuntimeError("no time-stamping authority is registered")
    head = AuditHead.objects.select_for_update().filter(id=1).first()
    if (
        head is None
        or head.sequence == 0
        or AuditSeal.objects.filter(sequence=head.sequence).exists()
    ):
        return None
    return AuditSeal.objects.create(
        sequence=head.sequence,
        entry_hash=head.entry_hash,
        token=_timestamper.stamp(_seal_digest(head.entry_hash)),
        sealed_at=timezone.now(),
    )


def audit_seal_if_due(now: datetime.datetime | None = None) -> AuditSeal | None:
    """Seal when the last seal is older than `AUDIT_SEAL_MINUTES` (the worker's sweep)."""
    now = now or timezone.now()
    last = AuditSeal.objects.order_by("-sequence").first()
    if last and now - last.sealed_at < datetime.timedelta(minutes=settings.AUDIT_SEAL_MINUTES):
        return None
    return audit_seal()


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
        actor_label=person_reference(actor_user) if actor_user else "",
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
    seals: int = 0  # seals that hold


def audit_verify() -> AuditVerification:
    """Recompute the chain from the start and check every seal on the way; stop at the first
    entry that does not fit."""
    seals = {seal.sequence: seal for seal in AuditSeal.objects.all()}
    previous = GENESIS_HASH
    expected_sequence = 1
    checked = sealed = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return AuditVerification(
                False, checked, expected_sequence, f"entry {expected_sequence} is missing", sealed
            )
        if entry.previous_hash != previous:
            return AuditVerification(
                False, checked, entry.sequence, "does not link to the previous entry", sealed
            )
        if not hmac.compare_digest(compute_hash(entry), entry.entry_hash):
            return AuditVerification(
                False, checked, entry.sequence, "content does not match its hash", sealed
            )
        seal = seals.pop(entry.sequence, None)
        if seal is not None:
            problem = _seal_problem(seal, entry.entry_hash)
            if problem:
                return AuditVerification(False, checked, entry.sequence, problem, sealed)
            sealed += 1
        previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.sequence != checked:
        return AuditVerification(
            False, checked, checked + 1, f"the log should hold {head.sequence} entries", sealed
        )
    if seals:
        first = min(seals)
        return AuditVerification(
            False, checked, first, f"a seal covers entry {first}, which is missing", sealed
        )
    return AuditVerification(True, checked, seals=sealed)


def _seal_problem(seal: AuditSeal, entry_hash: str) -> str:
    if not hmac.compare_digest(seal.entry_hash, entry_hash):
        return f"differs from the chain as sealed on {seal.sealed_at:%Y-%m-%d %H:%M}"
    if _timestamper is None:
        return "no time-stamping authority to check the seals with"
    if _timestamper.check(bytes(seal.token), _seal_digest(entry_hash)) is None:
        return "its seal's timestamp does not check out"
    return ""
