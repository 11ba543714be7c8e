"""The API: bearer tokens and sessions, the same permissions as the pages, translated errors."""

import json

import pytest
from django.test import Client

from rondetafel.accounts.services import api_token_create, api_token_revoke
from rondetafel.trajectories.models import Party, Trajectory

pytestmark = pytest.mark.django_db


def _bearer(user, **headers):
    _token, key = api_token_create(user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", **headers), _token


def _send(client, method, url, body):
    return client.generic(method, url, json.dumps(body), content_type="application/json")


class ApiAuthTests:
    def test_token_reads_own_trajectories_only(self, world):
        client, _t = _bearer(world.users["participant"])
        data = client.get("/api/trajectories").json()
        assert [t["title"] for t in data] == ["Herijking"]

    def test_revoked_or_wrong_token_is_unauthorised(self, world):
        client, token = _bearer(world.users["participant"])
        api_token_revoke(token=token, actor=world.users["participant"])
        response = client.get("/api/trajectories")
        assert response.status_code == 401
        assert response.json()["detail"] == "Log in of stuur een geldig API-token mee."
        assert Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/trajectories").status_code == 401

    def test_session_writes_need_the_csrf_token(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users["facilitator"])
        url = f"/api/trajectories/{world.trajectory.pk}"
        assert client.get(url).status_code == 200
        assert _send(client, "PATCH", url, {"title": "Zonder token"}).status_code == 403
        world.trajectory.refresh_from_db()
        assert world.trajectory.title == "Herijking"


class ApiWriteTests:
    def test_facilitator_creates_a_trajectory_with_five_steps(self, world):
        client, _t = _bearer(world.users["facilitator"])
        response = _send(
            client, "POST", "/api/trajectories", {"title": "Via API", "question": "Werkt het?"}
        )
        assert response.status_code == 201
        detail = client.get(f"/api/trajectories/{response.json()['id']}").json()
        assert [s["number"] for s in detail["steps"]] == [1, 2, 3, 4, 5]

    def test_wrong_types_are_400_with_field_names_and_nothing_saved(self, world):
        client, _t = _bearer(world.users["facilitator"])
        before = Trajectory.objects.count()
        response = _send(
            client,
            "POST",
            "/api/trajectories",
            {"title": 12, "question": ["a"], "starts_on": "gisteren", "status": "unknown"},
        )
        assert response.status_code == 400
        body = response.json()
        assert body["detail"] == "Het verzoek bevat ongeldige gegevens."
        assert {"title", "question", "starts_on", "status"} <= {e["field"] for e in body["errors"]}
        assert Trajectory.objects.count() == before

    def test_malformed_json_is_400(self, world):
        client, _t = _bearer(world.users["facilitator"])
        response = client.generic(
            "POST", "/api/trajectories", "{not json", content_type="application/json"
        )
        assert response.status_code == 400

    def test_model_rules_come_back_as_422(self, world):
        """Valid by the schema, against a rule it cannot say: 422, not the schema's 400."""
        client, _t = _bearer(world.users["facilitator"])
        url = f"/api/trajectories/{world.trajectory.pk}"
        response = _send(client, "PATCH", url, {"starts_on": "2027-05-01", "ends_on": "2027-01-01"})
        assert response.status_code == 422
        assert "einddatum" in json.dumps(response.json())
        world.trajectory.refresh_from_db()
        assert world.trajectory.starts_on is None

    def test_duplicate_party_is_422(self, world):
        client, _t = _bearer(world.users["facilitator"])
        response = _send(
            client,
            "POST",
            f"/api/trajectories/{world.trajectory.pk}/parties",
            {"name": "Gemeente", "side": "municipality"},
        )
        assert response.status_code == 422
        assert Party.objects.filter(trajectory=world.trajectory).count() == 1

    def test_oversized_field_is_400(self, world):
        client, _t = _bearer(world.users["facilitator"])
        response = _send(
            client,
            "POST",
            f"/api/trajectories/{world.trajectory.pk}/parties",
            {"name": "x" * 201, "side": "market"},
        )
        assert response.status_code == 400

    def test_unknown_ids_are_404_in_english_when_asked(self, world):
        import uuid

        client, _t = _bearer(world.users["facilitator"], HTTP_ACCEPT_LANGUAGE="en")
        response = client.get(f"/api/trajectories/{uuid.uuid4()}")
        assert response.status_code == 404
        assert response.json()["detail"] == "This trajectory does not exist."
        response = _send(
            client,
            "PATCH",
            f"/api/trajectories/{world.trajectory.pk}/memberships/{uuid.uuid4()}",
            {"position": "x"},
        )
        assert response.status_code == 404
        assert client.get("/api/trajectories/not-a-uuid").status_code == 400

    def test_party_of_another_trajectory_is_refused(self, world):
        foreign = Party.objects.create(
            trajectory=world.other_trajectory, name="Elders", side="other"
        )
        client, _t = _bearer(world.users["facilitator"])
        membership = world.memberships["participant"]
        url = f"/api/trajectories/{world.trajectory.pk}/memberships/{membership.pk}"
        response = _send(client, "PATCH", url, {"party_id": str(foreign.pk)})
        assert response.status_code == 422
        world.memberships["participant"].refresh_from_db()
        assert world.memberships["participant"].party == world.party

    def test_contacts_hidden_from_participants(self, world):
        client, _t = _bearer(world.users["participant"])
        rows = client.get(f"/api/trajectories/{world.trajectory.pk}/memberships").json()
        assert rows and all(row["email"] is None for row in rows)


def test_the_schema_is_taken_at_its_word(world):
    """What the OpenAPI does not allow is refused (400), though pydantic's lax mode or
    django-ninja would take it: an array for an object, a string for a number, 0 for false, a
    number of seconds for a date. A whole number written 5.0 is a JSON integer and is taken."""
    client, _t = _bearer(world.users["facilitator"])
    url = f"/api/trajectories/{world.trajectory.pk}"
    for body in ([None, None], {"session_names_kept_days": "30"}, {"starts_on": 0}):
        response = _send(client, "PATCH", url, body)
        assert response.status_code == 400, body
        assert response.json()["errors"]
    assert _send(client, "PATCH", url, {"session_names_kept_days": 30.0}).status_code == 200
    world.trajectory.refresh_from_db()
    assert world.trajectory.session_names_kept_days == 30
    garbled = client.generic("PATCH", url, b"{not json", content_type="application/json")
    assert garbled.status_code == 400
    assert (
        garbled.json()["errors"][0]["message"] == "De inhoud van het verzoek is geen geldige JSON."
    )
