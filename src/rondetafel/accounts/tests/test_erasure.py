"""A person asks to be erased and a facilitator carries it out (AVG/GDPR article 17): the name
and address are gone from every row, while signed documents, aggregates and the audit chain
stay valid."""

import importlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import client_for
from rondetafel.accounts.tests.test_personal_data import _signed
from rondetafel.core.audit import audit_verify, person_reference

pytestmark = pytest.mark.django_db

NAME = "Fenna Verbeek-Oudshoorn"
EMAIL = "participant@test.example"


def _everything_stored() -> str:
    """Every row of every table, as the database dump gives them (binary fields, the signed
    PDFs among them, come out as base64)."""
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def _traces_everywhere(world):
    """The participant, with a name no one else has, leaves traces in every app: a signature
    (with address and browser), a session identity, a quote, a mail, an invitation."""
    from rondetafel.governance import services as gs
    from rondetafel.reports import services as rs
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    person = world.users["participant"]
    person.full_name = NAME
    person.save()
    world.memberships["participant"].position = "Wijkcoördinator Boomgaardshoek"
    world.memberships["participant"].save()
    version, ceremony = _signed(world)
    ceremony.signatories.filter(user=person).update(
        ip_address="192.0.2.7", user_agent="Mozilla/5.0 (Fenna's phone)"
    )
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    ws.participant_join(workshop=workshop, display_name=NAME, side="residents", user=person)
    rs.quote_create(
        trajectory=world.trajectory,
        actor=facilitator,
        text="Samen komen we verder",
        speaker=NAME,
        membership=world.memberships["participant"],
    )
    gs.mail_queue(
        trajectory_id=world.trajectory.pk,
        user=person,
        kind="reminder",
        subject_template="governance/mail/reminder_subject.txt",
        body_template="governance/mail/reminder.txt",
        context={"trajectory": world.trajectory, "items": []},
    )
    ts.invitation_create(
        trajectory=world.other_trajectory,
        email=EMAIL,
        full_name=NAME,
        role="participant",
        invited_by=world.users["other_facilitator"],
    )
    return ceremony


def test_a_person_asks_a_facilitator_erases_and_nothing_of_them_is_left_but_the_signed_pdf(
    world,
):
    from rondetafel.signing import selectors as signing_selectors

    ceremony = _traces_everywhere(world)
    stored = _everything_stored()
    assert NAME in stored and EMAIL in stored  # the check below can fail
    membership = world.memberships["participant"]

    # The person asks, on their account page.
    person = client_for(world, "participant")
    response = person.post(reverse("accounts:erasure_request"), follow=True)
    page = response.content.decode()
    assert "Uw verzoek is vastgelegd" in page and "U hebt op" in page
    assert "Vraag om verwijdering" not in page  # asked once; the button is gone

    # The facilitator sees the request on the people page, and what will change and stay.
    facilitator = client_for(world, "facilitator")
    people = facilitator.get(reverse("trajectories:people", args=[world.trajectory.pk]))
    erase_url = reverse("trajectories:member_erase", args=[world.trajectory.pk, membership.pk])
    assert erase_url in people.content.decode()
    explained = facilitator.get(erase_url).content.decode()
    assert "heeft 1 document ondertekend" in explained
    assert "Dit kan niet ongedaan worden gemaakt" in explained
    done = facilitator.post(erase_url, follow=True).content.decode()
    assert "Verwijderde persoon" in done

    # Nothing of the name or the address is left in any table; the signed PDF (base64 in the
    # dump) is the one place that keeps them, unchanged.
    stored = _everything_stored()
    assert NAME not in stored and EMAIL not in stored
    assert "192.0.2.7" not in stored and "Fenna's phone" not in stored
    assert "Wijkcoördinator" not in stored
    ceremony.refresh_from_db()
    assert NAME.encode() in bytes(ceremony.document) or b"Fenna" in bytes(ceremony.document)

    # The account is closed and the session ended.
    assert person.get(reverse("accounts:account")).status_code == 302
    again = Client().post(
        reverse("accounts:login"), {"username": EMAIL, "password": "pw-Geheim-123"}
    )
    assert again.status_code == 200 and "_auth_user_id" not in again.wsgi_request.session

    # The chain and the signatures still hold; our records still know the document.
    assert audit_verify().ok
    report, record = signing_selectors.verify(bytes(ceremony.document))
    assert report.ok, report
    assert record.ceremony == ceremony and record.final
    # Once carried out, the request is not open any more.
    assert facilitator.get(erase_url).status_code == 404


def test_nobody_is_erased_without_asking(world):
    from rondetafel.accounts.services import person_erase

    membership = world.memberships["participant"]
    url = reverse("trajectories:member_erase", args=[world.trajectory.pk, membership.pk])
    assert client_for(world, "facilitator").get(url).status_code == 404
    assert client_for(world, "facilitator").post(url).status_code == 404
    with pytest.raises(ValidationError):
        person_erase(user=world.users["participant"], actor=world.users["facilitator"])
    world.users["participant"].refresh_from_db()
    assert world.users["participant"].is_active


def test_asking_twice_keeps_one_request(world):
    from rondetafel.accounts.models import ErasureRequest
    from rondetafel.accounts.services import erasure_request_create

    first = erasure_request_create(user=world.users["observer"])
    assert erasure_request_create(user=world.users["observer"]) == first
    assert ErasureRequest.objects.filter(user=world.users["observer"]).count() == 1


def test_the_audit_chain_names_people_by_a_salted_reference_only(world):
    from rondetafel.core.models import AuditEntry

    entries = list(AuditEntry.objects.all())
    assert entries
    dumped = json.dumps([[e.actor_label, e.data] for e in entries])
    assert "@" not in dumped and "Participant" not in dumped
    reference = person_reference(world.users["participant"])
    assert reference in dumped
    assert reference == person_reference(" Participant@Test.example ")  # one person, one ref


def test_an_older_chain_with_addresses_is_rewritten_by_reference_and_still_verifies(world):
    from django.apps import apps

    from rondetafel.core.audit import compute_hash
    from rondetafel.core.models import AuditEntry, AuditHead

    # The module's name starts with a digit: imported by name.
    migration = importlib.import_module(
        "rondetafel.core.migrations.0003_audit_names_people_by_reference"
    )
    # What an earlier version wrote: the actor's address and the member's address, chained.
    entries = AuditEntry._base_manager.order_by("sequence")
    previous = "0" * 64
    for entry in entries:
        if entry.actor_label:
            entry.actor_label = "facilitator@test.example"
        if "person" in entry.data:
            entry.data = {**entry.data, "user": EMAIL}
            del entry.data["person"]
        entry.previous_hash = previous
        entry.entry_hash = compute_hash(entry)
        entries.filter(pk=entry.pk).update(
            actor_label=entry.actor_label,
            data=entry.data,
            previous_hash=previous,
            entry_hash=entry.entry_hash,
        )
        previous = entry.entry_hash
    AuditHead.objects.filter(id=1).update(entry_hash=previous)
    assert audit_verify().ok
    assert entries.filter(actor_label__contains="@").exists()

    migration.refer_to_people_by_reference(apps, None)

    assert audit_verify().ok
    dumped = json.dumps([[e.actor_label, e.data] for e in entries.all()])
    assert "@" not in dumped and person_reference(EMAIL) in dumped


def test_the_operator_erases_someone_in_no_trajectory_from_the_command_line(world):
    from rondetafel.accounts.models import User
    from rondetafel.accounts.services import user_create

    user_create(email="los@test.example", full_name="Losse Persoon", password="pw-Geheim-123")
    out = io.StringIO()
    call_command("erase_person", "los@test.example", stdout=out)
    assert "--yes" in out.getvalue()
    assert User.objects.get(email="los@test.example").is_active  # only said what it would do
    call_command("erase_person", "LOS@test.example", "--yes", stdout=out)
    assert "Verwijderde persoon" in out.getvalue() or "Erased person" in out.getvalue()
    assert not User.objects.filter(email="los@test.example").exists()
    assert "Losse Persoon" not in _everything_stored()
    assert audit_verify().ok
