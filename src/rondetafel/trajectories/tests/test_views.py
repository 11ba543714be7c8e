"""Forms: bad input gets a translated error and nothing is half-saved."""

import pytest
from django.urls import reverse

from conftest import client_for
from rondetafel.trajectories.models import Party, Trajectory

pytestmark = pytest.mark.django_db


class TrajectoryFormTests:
    def test_missing_fields_are_named_and_nothing_is_saved(self, world):
        before = Trajectory.objects.count()
        response = client_for(world, "facilitator").post(reverse("trajectories:create"), {})
        assert response.status_code == 200
        assert (
            response.content.decode().count("Dit veld is verplicht") == 3
        )  # title, question, status
        assert Trajectory.objects.count() == before

    def test_oversized_title_is_refused(self, world):
        response = client_for(world, "facilitator").post(
            reverse("trajectories:edit", args=[world.trajectory.pk]),
            {"title": "x" * 500, "question": "Nieuw?", "status": "draft"},
        )
        assert response.status_code == 200
        assert "niet meer dan 200 tekens" in response.content.decode()
        world.trajectory.refresh_from_db()
        assert (world.trajectory.title, world.trajectory.question) == ("Herijking", "Hoe verder?")

    def test_end_before_start_is_explained(self, world):
        response = client_for(world, "facilitator").post(
            reverse("trajectories:create"),
            {
                "title": "T",
                "question": "V",
                "status": "draft",
                "starts_on": "2027-02-01",
                "ends_on": "2027-01-01",
            },
        )
        assert response.status_code == 200
        assert "De einddatum kan niet voor de startdatum liggen" in response.content.decode()

    def test_create_then_overview(self, world):
        client = client_for(world, "facilitator")
        response = client.post(
            reverse("trajectories:create"),
            {"title": "Nieuw traject", "question": "Wat gaan we doen?", "status": "active"},
        )
        trajectory = Trajectory.objects.get(title="Nieuw traject")
        assert response.status_code == 302
        page = client.get(reverse("trajectories:detail", args=[trajectory.pk])).content.decode()
        assert "Intake en gezamenlijk doel" in page and "Nog niet begonnen" in page


class PartyFormTests:
    def test_duplicate_name_is_refused_with_a_message(self, world):
        response = client_for(world, "facilitator").post(
            reverse("trajectories:parties", args=[world.trajectory.pk]),
            {"name": "Gemeente", "side": "municipality"},
        )
        assert response.status_code == 200
        assert "al een partij met deze naam" in response.content.decode()
        assert Party.objects.filter(trajectory=world.trajectory).count() == 1

    def test_participant_cannot_post_a_party(self, world):
        response = client_for(world, "participant").post(
            reverse("trajectories:parties", args=[world.trajectory.pk]),
            {"name": "Stiekem", "side": "other"},
        )
        assert response.status_code == 403
        assert not Party.objects.filter(name="Stiekem").exists()

    def test_unknown_side_is_refused(self, world):
        response = client_for(world, "facilitator").post(
            reverse("trajectories:parties", args=[world.trajectory.pk]),
            {"name": "Nieuw", "side": "aliens"},
        )
        assert response.status_code == 200
        assert "geen beschikbare keuze" in response.content.decode()


class UnknownIdTests:
    def test_unknown_trajectory_party_membership_and_step(self, world):
        import uuid

        client = client_for(world, "facilitator")
        t = world.trajectory.pk
        for url in (
            reverse("trajectories:detail", args=[uuid.uuid4()]),
            reverse("trajectories:party_edit", args=[t, uuid.uuid4()]),
            reverse("trajectories:membership_edit", args=[t, uuid.uuid4()]),
            reverse("trajectories:step_edit", args=[t, 9]),
            "/trajectories/not-a-uuid/",
        ):
            assert client.get(url).status_code == 404, url

    def test_membership_of_another_trajectory_is_not_found(self, world):
        foreign = world.other_trajectory.memberships.get()
        url = reverse("trajectories:membership_edit", args=[world.trajectory.pk, foreign.pk])
        assert client_for(world, "facilitator").get(url).status_code == 404


class MembershipViewTests:
    def test_removing_the_last_facilitator_is_explained_not_done(self, world):
        client = client_for(world, "facilitator")
        url = reverse(
            "trajectories:membership_remove",
            args=[world.trajectory.pk, world.memberships["facilitator"].pk],
        )
        response = client.post(url, follow=True)
        assert "minstens één procesbegeleider" in response.content.decode()
        assert world.trajectory.memberships.filter(role="facilitator").count() == 1

    def test_contacts_only_for_facilitator_and_client(self, world):
        url = reverse("trajectories:people", args=[world.trajectory.pk])
        assert "participant@test.example" in client_for(world, "client").get(url).content.decode()
        assert (
            "participant@test.example"
            not in client_for(world, "observer").get(url).content.decode()
        )


class LanguageTests:
    def test_dutch_by_default_english_on_request(self, world):
        client = client_for(world, "facilitator")
        url = reverse("trajectories:detail", args=[world.trajectory.pk])
        assert "Voortgang door de vijf stappen" in client.get(url).content.decode()
        client.post(reverse("set_language"), {"language": "en", "next": url})
        assert "Progress through the five steps" in client.get(url).content.decode()

    def test_security_headers(self, world):
        response = client_for(world, "facilitator").get(reverse("trajectories:list"))
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    def test_user_text_is_escaped(self, world):
        client = client_for(world, "facilitator")
        client.post(
            reverse("trajectories:edit", args=[world.trajectory.pk]),
            {"title": "<script>alert(1)</script>", "question": "V", "status": "draft"},
        )
        page = client.get(
            reverse("trajectories:detail", args=[world.trajectory.pk])
        ).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_english_browser_still_gets_dutch_until_it_switches(world):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen" in client.get(reverse("accounts:login")).content.decode()


def test_list_counts_everyone_not_just_the_viewer(world):
    page = client_for(world, "participant").get(reverse("trajectories:list")).content.decode()
    assert "1 partij" in page and "4 personen" in page and "0 van 5 stappen klaar" in page
