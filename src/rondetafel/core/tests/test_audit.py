import datetime
import hashlib
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection

from rondetafel.core.audit import (
    GENESIS_HASH,
    _canonical,
    audit_record,
    audit_seal,
    audit_seal_if_due,
    audit_verify,
    compute_hash,
)
from rondetafel.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _three_entries():
    return [audit_record(action=f"test.{i}", scope="s", data={"i": i}) for i in range(3)]


class AuditChainTests:
    def test_entries_are_chained_from_genesis(self):
        first, second, third = _three_entries()
        assert first.previous_hash == GENESIS_HASH
        assert second.previous_hash == first.entry_hash
        assert third.previous_hash == second.entry_hash
        assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
        assert compute_hash(AuditEntry.objects.get(sequence=2)) == second.entry_hash

    def test_intact_chain_verifies(self):
        _three_entries()
        result = audit_verify()
        assert result.ok and result.checked == 3

    def test_changed_content_is_reported_at_its_entry(self):
        _three_entries()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditentry SET action = 'forged' WHERE sequence = 2")
        result = audit_verify()
        assert not result.ok
        assert result.broken_sequence == 2
        assert "hash" in result.reason

    def test_rehashed_forgery_breaks_the_next_link(self):
        _three_entries()
        forged = AuditEntry.objects.get(sequence=2)
        forged.action = "forged"
        new_hash = compute_hash(forged)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_auditentry SET action = 'forged', entry_hash = %s WHERE sequence = 2",
                [new_hash],
            )
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 3)

    def test_removed_entry_is_reported(self):
        _three_entries()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry WHERE sequence = 2")
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 2)

    def test_removed_last_entry_is_reported(self):
        _three_entries()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry WHERE sequence = 3")
        result = audit_verify()
        assert not result.ok and result.broken_sequence == 3

    def test_orm_cannot_update_or_delete(self):
        _three_entries()
        with pytest.raises(TypeError):
            AuditEntry.objects.filter(sequence=1).update(action="x")
        with pytest.raises(TypeError):
            AuditEntry.objects.all().delete()

    def test_command_exits_non_zero_on_a_broken_chain(self, capsys):
        _three_entries()
        call_command("audit_verify")
        assert "3 entries" in capsys.readouterr().out
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditentry SET data = '{}' WHERE sequence = 1")
        with pytest.raises(CommandError, match="entry 1"):
            call_command("audit_verify")


def _rewrite_from(sequence: int, action: str, hasher) -> None:
    """What an attacker with write access to the database does (finding 6): change an entry,
    recompute every later link with `hasher`, and move the head."""
    previous = AuditEntry.objects.get(sequence=sequence - 1).entry_hash if sequence > 1 else None
    for entry in AuditEntry.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if entry.sequence == sequence:
            entry.action = action
        if previous is not None:
            entry.previous_hash = previous
        entry.entry_hash = hasher(entry)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_auditentry SET action = %s, previous_hash = %s, entry_hash = %s "
                "WHERE sequence = %s",
                [entry.action, entry.previous_hash, entry.entry_hash, entry.sequence],
            )
        previous = entry.entry_hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audithead SET entry_hash = %s WHERE id = 1", [previous])


class KeyedChainTests:
    def test_a_chain_recomputed_without_the_key_does_not_verify(self):
        """Plain SHA-256 over the same content, as the chain was before it was keyed: with the
        head in the same database, this rewrite used to pass `audit_verify`."""
        _three_entries()
        _rewrite_from(2, "forged", lambda e: hashlib.sha256(_canonical(e)).hexdigest())
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 2)
        assert "hash" in result.reason

    def test_a_chain_recomputed_with_another_key_does_not_verify(self):
        _three_entries()
        _rewrite_from(2, "forged", lambda e: compute_hash(e, key="guessed"))
        assert (audit_verify().ok, audit_verify().broken_sequence) == (False, 2)

    def test_a_chain_rewritten_with_the_key_is_caught_by_its_seal(self):
        _three_entries()
        seal = audit_seal()
        assert seal.sequence == 3 and audit_verify().seals == 1
        _rewrite_from(2, "forged", compute_hash)
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 3)
        assert "as sealed on" in result.reason

    def test_a_seal_moved_along_with_the_rewrite_fails_its_timestamp(self):
        _three_entries()
        audit_seal()
        _rewrite_from(2, "forged", compute_hash)
        forged_head = AuditEntry.objects.get(sequence=3).entry_hash
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditseal SET entry_hash = %s", [forged_head])
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 3)
        assert "timestamp does not check out" in result.reason

    def test_a_sealed_entry_removed_from_the_end_is_reported(self):
        _three_entries()
        audit_seal()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry WHERE sequence = 3")
            cursor.execute("UPDATE core_audithead SET sequence = 2 WHERE id = 1")
        result = audit_verify()
        assert (result.ok, result.broken_sequence) == (False, 3)
        assert "seal covers entry 3" in result.reason

    def test_the_seal_is_due_every_interval_and_only_when_the_head_moved(self, settings):
        settings.AUDIT_SEAL_MINUTES = 60
        assert audit_seal_if_due() is None  # nothing to seal yet
        _three_entries()
        first = audit_seal_if_due()
        assert first.sequence == 3
        audit_record(action="test.later", scope="s")
        assert audit_seal_if_due() is None  # sealed less than an hour ago
        later = audit_seal_if_due(now=first.sealed_at + datetime.timedelta(minutes=61))
        assert later.sequence == 4
        assert audit_seal() is None  # the head is sealed already
        result = audit_verify()
        assert result.ok and result.seals == 2

    def test_an_intact_plain_chain_is_keyed_by_the_migration_and_a_broken_one_left(self):
        migration = importlib.import_module("rondetafel.core.migrations.0002_audit_seals")
        _three_entries()
        _rewrite_from(1, "test.0", lambda e: hashlib.sha256(_canonical(e)).hexdigest())
        assert not audit_verify().ok  # a plain chain, from before the key
        migration.key_the_chain(django_apps, None)
        assert audit_verify().ok
        _rewrite_from(2, "forged", lambda e: hashlib.sha256(_canonical(e)).hexdigest())
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditentry SET action = 'forged again' WHERE sequence = 3")
        migration.key_the_chain(django_apps, None)
        assert (audit_verify().ok, audit_verify().broken_sequence) == (False, 2)
