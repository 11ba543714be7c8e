import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def refer_to_people_by_reference(apps, schema_editor):
    """Replace the e-mail addresses an earlier version wrote into the chain (the actor's label,
    `user` and `email` in the details) with salted references, and rehash the chain, so a person
    can be erased without breaking it (ADR 0027). Only an intact chain is rewritten: a broken one
    is left as it is, so `audit_verify` still shows where it broke. Seals over the old hashes
    no longer fit and are removed; the worker's sweep seals the new head."""
    from rondetafel.core.audit import GENESIS_HASH, _canonical, person_reference

    entries = apps.get_model("core", "AuditEntry")._base_manager.order_by("sequence")
    key = settings.AUDIT_KEY.encode()
    previous = GENESIS_HASH
    for entry in entries.iterator(chunk_size=2000):
        keyed = hmac.new(key, _canonical(entry), hashlib.sha256).hexdigest()
        if entry.previous_hash != previous or entry.entry_hash != keyed:
            return
        previous = entry.entry_hash
    if not entries.filter(actor_label__contains="@").exists() and not any(
        _addresses(e.data) for e in entries.iterator(chunk_size=2000)
    ):
        return
    previous, last = GENESIS_HASH, 0
    while batch := list(entries.filter(sequence__gt=last)[:2000]):
        for entry in batch:
            if "@" in entry.actor_label:
                entry.actor_label = person_reference(entry.actor_label)
            for field in _addresses(entry.data):
                entry.data["person"] = person_reference(entry.data.pop(field))
            entry.previous_hash = previous
            entry.entry_hash = hmac.new(key, _canonical(entry), hashlib.sha256).hexdigest()
            entries.filter(pk=entry.pk).update(
                actor_label=entry.actor_label,
                data=entry.data,
                previous_hash=previous,
                entry_hash=entry.entry_hash,
            )
            previous, last = entry.entry_hash, entry.sequence
    apps.get_model("core", "AuditHead").objects.filter(id=1).update(entry_hash=previous)
    apps.get_model("core", "AuditSeal")._base_manager.all()._raw_delete(schema_editor.connection.alias if schema_editor else "default")


def _addresses(data) -> list[str]:
    return [
        field
        for field in ("user", "email")
        if isinstance(data, dict) and "@" in str(data.get(field, ""))
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_seals"),
    ]

    operations = [
        migrations.RunPython(refer_to_people_by_reference, migrations.RunPython.noop),
    ]
