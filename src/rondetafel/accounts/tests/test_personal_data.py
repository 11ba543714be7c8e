"""A person downloads everything the platform holds about them (GDPR article 15)."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from conftest import agreement_in_review, client_for
from rondetafel.accounts.personal_data import records

pytestmark = pytest.mark.django_db


def _signed(world):
    """An agreement adopted and signed by the participant and the client."""
    from rondetafel.agreements import services as ag
    from rondetafel.signing import services as signing

    version = agreement_in_review(world, "# Convenant\n## Afspraken\n### Artikel 1 Samen\nTekst.")
    ag.version_set_status(version=version, actor=world.users["facilitator"], status="adopted")
    ceremony = signing.ceremony_open(
        version=version, actor=world.users["facilitator"], choice="everyone", order="parallel"
    )
    for person in ceremony.signatories.all():
        signing.sign(
            signatory=person,
            actor=person.user,
            method="room",
            code=ceremony.room_code,
            confirmed=True,
        )
    ceremony.refresh_from_db()
    return version, ceremony


def _download(world, role):
    response = client_for(world, role).get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment; filename=" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_zip_holds_the_account_memberships_proposals_signatures_and_the_signed_pdf(world):
    from rondetafel.agreements import services as ag

    version, ceremony = _signed(world)
    article = version.sections.get().articles.get()
    # Proposals can be made on a version in review only: a second one, for the proposal.
    review = agreement_in_review(world, "# B\n## C\n### Artikel 1 D\nTekst.", title="Tweede")
    ag.proposal_create(
        version=review,
        user=world.users["participant"],
        kind="amend",
        article=review.sections.get().articles.get(),
        rationale="Duidelijker",
        text="Nieuwe tekst van de deelnemer",
    )
    archive = _download(world, "participant")
    names = archive.namelist()
    account = json.loads(archive.read("account.json"))
    assert account["email"] == "participant@test.example" and account["full_name"] == "Participant"
    assert "records/trajectories.membership.json" in names
    assert "records/signing.signatory.json" in names
    proposals = json.loads(archive.read("records/agreements.proposal.json"))
    assert [p["text"] for p in proposals] == ["Nieuwe tekst van de deelnemer"]
    audit = json.loads(archive.read("records/core.auditentry.json"))
    assert "signing.signed" in {entry["action"] for entry in audit}
    (document,) = [n for n in names if n.startswith("documents/")]
    assert archive.read(document) == bytes(ceremony.document)
    assert article.pk  # the signed version's article exists; the PDF above is its signed form
    # Nothing secret, nothing of anyone else.
    everything = b"".join(archive.read(n) for n in names if n.endswith(".json")).decode()
    assert "pbkdf2" not in everything and "password" not in everything
    assert "code_hash" not in everything and "key_hash" not in everything
    assert "client@test.example" not in everything and "Nieuwe tekst" in everything


def test_rows_pointing_at_the_person_through_their_membership_are_theirs(world):
    from rondetafel.reports import services as rs

    rs.quote_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        text="Gelijkwaardig werken we beter",
        speaker="Participant",
        membership=world.memberships["participant"],
    )
    mine = records(world.users["participant"])
    assert [q["text"] for q in mine["reports.quote"]] == ["Gelijkwaardig werken we beter"]
    assert "reports.quote" not in records(world.users["observer"])


def test_someone_with_nothing_stored_gets_their_account_alone(world):
    from rondetafel.accounts.services import user_create

    user_create(email="leeg@test.example", full_name="Leeg", password="pw-Geheim-123")
    from django.test import Client

    client = Client()
    client.post(
        reverse("accounts:login"), {"username": "leeg@test.example", "password": "pw-Geheim-123"}
    )
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:personal_data")).content))
    names = archive.namelist()
    assert names[0] == "account.json"
    assert not [n for n in names if n.startswith("documents/")]
    # Only what the log-in and this export themselves recorded about them.
    assert set(names) <= {"account.json", "records/core.auditentry.json"}


def test_the_export_is_recorded_and_refused_to_strangers(world):
    from rondetafel.core.models import AuditEntry

    _download(world, "observer")
    assert AuditEntry.objects.filter(
        action="user.data_exported", actor=world.users["observer"]
    ).exists()
    anonymous = client_for(world, "anonymous").get(reverse("accounts:personal_data"))
    assert anonymous.status_code == 302


def test_the_account_page_offers_the_download(world):
    page = client_for(world, "observer").get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:personal_data") in page
