"""The signing API: ceremonies, the status per signatory, and the document, for members only."""

import pytest
from django.test import Client

from rondetafel.accounts.services import api_token_create
from rondetafel.accounts.tests.test_personal_data import _signed

pytestmark = pytest.mark.django_db


def _api(user):
    _token, key = api_token_create(user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_member_reads_the_status_per_signatory_and_the_signed_document(world):
    from rondetafel.signing import verifier
    from rondetafel.signing.authority import get as authority

    _version, ceremony = _signed(world)
    api = _api(world.users["observer"])
    base = f"/api/trajectories/{world.trajectory.pk}/ceremonies"
    listed = api.get(base).json()
    assert [(c["id"], c["status"], c["signed"], c["total"]) for c in listed] == [
        (str(ceremony.pk), "complete", 2, 2)
    ]
    detail = api.get(f"{base}/{ceremony.pk}").json()
    assert detail["final_sha256"] == ceremony.final_sha256
    assert [(s["name"], s["signed"], s["method"]) for s in detail["signatories"]] == [
        (s.name, True, "room") for s in ceremony.signatories.order_by("position")
    ]
    document = api.get(f"{base}/{ceremony.pk}/document")
    assert document["Content-Type"] == "application/pdf"
    assert "ondertekend" in document["Content-Disposition"]
    assert document.content == bytes(ceremony.document)
    assert verifier.verify(document.content, [authority().root.cert_asn1]).ok


def test_outsiders_and_unknown_ceremonies(world):
    _version, ceremony = _signed(world)
    base = f"/api/trajectories/{world.trajectory.pk}/ceremonies"
    assert Client().get(base).status_code == 401
    assert _api(world.users["other_facilitator"]).get(f"{base}/{ceremony.pk}").status_code == 403
    unknown = _api(world.users["participant"]).get(f"{base}/{world.trajectory.pk}")
    assert unknown.status_code == 404 and unknown.json()["detail"]
