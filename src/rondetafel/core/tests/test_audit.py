import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rondetafel.core.audit import GENESIS_HASH, audit_record, audit_verify, compute_hash
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
