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


def _cards(html: str) -> list[str]:
    import re

    return re.findall(
        r'<h2 class="utrecht-heading-3"><a class="utrecht-link" href="[^"]+">([^<]+)</a>', html
    )


@pytest.fixture
def many(world):
    """44 more trajectories of the facilitator: 45 in all, in three pages of 20."""
    from rondetafel.trajectories import services as ts

    for i in range(44):
        ts.trajectory_create(
            created_by=world.users["facilitator"],
            title=f"Traject {i:02d}" + (" 50% groen" if i == 7 else ""),
            question="Samen_werken?" if i == 8 else "Hoe verder?",
            status="active" if i % 10 == 0 else "draft",
        )
    return world


class TrajectoryListTests:
    def _get(self, world, **params):
        response = client_for(world, "facilitator").get(reverse("trajectories:list"), params)
        assert response.status_code == 200
        return response.content.decode()

    def test_paged_twenty_at_a_time_in_title_order(self, many):
        first = self._get(many)
        assert len(_cards(first)) == 20 and "45 trajecten" in first
        assert "Pagina 1 van 3" in first and "Volgende pagina" in first
        assert _cards(first)[0] == "Herijking" and _cards(first)[1] == "Traject 00"
        last = self._get(many, page=3)
        assert _cards(last) == [f"Traject {i:02d}" for i in range(39, 44)]
        assert "Vorige pagina" in last and "Volgende pagina" not in last

    def test_a_page_out_of_range_shows_the_last_and_nonsense_the_first(self, many):
        assert _cards(self._get(many, page=999)) == _cards(self._get(many, page=3))
        assert _cards(self._get(many, page="drie")) == _cards(self._get(many))
        assert _cards(self._get(many, page=-1)) == _cards(self._get(many, page=3))

    def test_search_takes_percent_and_underscore_literally(self, many):
        percent = self._get(many, q="%")
        assert _cards(percent) == ["Traject 07 50% groen"] and "1 traject gevonden" in percent
        assert _cards(self._get(many, q="_")) == ["Traject 08"]  # in its question
        assert _cards(self._get(many, q="  traject 1")) == [f"Traject {i}" for i in range(10, 20)]

    def test_status_filter_and_paging_keep_each_other(self, many):
        active = self._get(many, status="active")
        assert _cards(active) == [f"Traject {i:02d}" for i in (0, 10, 20, 30, 40)]
        drafts = self._get(many, status="draft", page=2)
        assert "status=draft&amp;page=1" in drafts  # the way back keeps the filter
        assert len(_cards(drafts)) == 20

    def test_bad_search_input_says_why_and_filters_nothing(self, many):
        page = self._get(many, q="x" * 101, status="gestolen")
        assert "Zorg dat deze waarde niet meer dan 100 tekens bevat (het zijn er nu 101)" in page
        assert "Selecteer een geldige keuze" in page
        assert "45 trajecten" in page and len(_cards(page)) == 20

    def test_nothing_found_says_so(self, many):
        page = self._get(many, q="Boomgaardshoek")
        assert "Geen traject past bij deze zoekopdracht." in page and not _cards(page)

    def test_the_list_costs_the_same_queries_at_45_as_at_1(
        self, world, django_assert_max_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            self._get(world)
        from rondetafel.trajectories import services as ts

        for i in range(44):
            ts.trajectory_create(created_by=world.users["facilitator"], title=f"T{i}", question="?")
        with CaptureQueriesContext(connection) as many:
            self._get(world)
        assert len(many) == len(one)


def test_the_audit_log_is_paged_a_hundred_at_a_time(world):
    from rondetafel.core.audit import audit_record

    for i in range(150):
        audit_record(action=f"test.{i}", scope=f"trajectory:{world.trajectory.pk}")
    url = reverse("trajectories:audit_log", args=[world.trajectory.pk])
    client = client_for(world, "facilitator")
    first = client.get(url).content.decode()
    assert first.count('<tr class="utrecht-table__row">') - 1 == 100  # minus the header row
    assert "Pagina 1 van 2" in first and "test.149" in first and "test.49" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "test.49" in second and "test.149" not in second
