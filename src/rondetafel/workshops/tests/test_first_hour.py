"""What a facilitator and a room meet first: a session that opens and closes from the console
(join page, phone, screen and API follow), a presenter view made for a projector, the timer,
the join page's sides, results only after one's own answer, unique ids on the console."""

import json
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from rondetafel.trajectories.services import party_create
from rondetafel.workshops import services
from rondetafel.workshops.constants import PARTICIPANT_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    party_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        name="Stichting mkb GWW",
        side="market",
        side_label="mkb GWW",
    )
    return services.workshop_create(
        trajectory=world.trajectory, actor=world.users["facilitator"], title="Verdieping"
    )


def _console(world, session):
    return reverse("workshops:console", args=[world.trajectory.pk, session.pk])


def _status(world, session, command):
    return client_for(world, "facilitator").post(
        reverse("workshops:workshop_status", args=[world.trajectory.pk, session.pk]),
        {"command": command},
        follow=True,
    )


def _poll(world, session, title="Kiezen", open_it=True):
    poll = services.activity_add(
        workshop=session,
        actor=world.users["facilitator"],
        kind="poll_single",
        title=title,
        options_text="Ja\nNee",
    )
    if open_it:
        services.activity_set_status(activity=poll, actor=world.users["facilitator"], status="open")
    return poll


def _phone(session, side="market"):
    client = Client()
    response = client.post(
        reverse("workshops:join", args=[session.join_code]), {"display_name": "", "side": side}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


class LifecycleTests:
    def test_open_close_and_reopen_from_the_console(self, world, session):
        page = client_for(world, "facilitator").get(_console(world, session)).content.decode()
        assert "Sessie openen" in page and session.join_code in page

        page = _status(world, session, "open").content.decode()
        session.refresh_from_db()
        assert session.status == "live" and "Sessie sluiten" in page

        poll = _poll(world, session)
        block = services.block_add(
            workshop=session, actor=world.users["facilitator"], kind="plenary", title="Opening"
        )
        services.block_start(block=block, actor=world.users["facilitator"])
        phone = _phone(session)

        page = _status(world, session, "close").content.decode()
        session.refresh_from_db()
        poll.refresh_from_db()
        block.refresh_from_db()
        assert session.status == "closed" and poll.status == "closed" and block.ended_at
        # The closed console offers no "Start" and shows no join code; it offers reopening.
        assert "Sessie heropenen" in page
        assert "rt-room-code" not in page and "?kant=" not in page
        assert not re.search(r">Starten<span", page)

        # The join page says it has ended, without a form; the phone and the screen say so too.
        join = Client().get(reverse("workshops:join", args=[session.join_code])).content.decode()
        assert "Deze sessie is afgelopen" in join and 'name="display_name"' not in join
        live = phone.get(reverse("workshops:live", args=[session.join_code])).content.decode()
        assert "Deze sessie is afgelopen" in live and "Kiezen" not in live
        screen = client_for(world, "observer").get(
            reverse("workshops:screen", args=[world.trajectory.pk, session.pk])
        )
        text = screen.content.decode()
        assert (
            "Deze sessie is afgelopen" in text
            and 'class="rt-qr"' not in text.split("data-presenter-join-panel")[0]
        )
        # Nobody can start an activity in a closed session.
        response = client_for(world, "facilitator").post(
            reverse("workshops:activity_control", args=[world.trajectory.pk, session.pk, poll.pk]),
            {"command": "open"},
            follow=True,
        )
        poll.refresh_from_db()
        assert poll.status == "closed" and "Heropen de sessie" in response.content.decode()

        _status(world, session, "reopen")
        session.refresh_from_db()
        assert session.status == "live"
        join = Client().get(reverse("workshops:join", args=[session.join_code])).content.decode()
        assert 'name="display_name"' in join

    def test_the_api_opens_and_closes_a_session(self, world, session):
        client = client_for(world, "facilitator")
        url = reverse("api:set_session_status", args=[world.trajectory.pk, session.pk])
        assert (
            client.post(url, {"status": "live"}, content_type="application/json").json()["status"]
            == "live"
        )
        assert (
            client.post(url, {"status": "closed"}, content_type="application/json").json()["status"]
            == "closed"
        )
        bad = client.post(url, {"status": "gone"}, content_type="application/json")
        assert bad.status_code == 400
        listed = (
            client_for(world, "participant")
            .get(reverse("api:list_sessions", args=[world.trajectory.pk]))
            .json()
        )
        # Members see the status; only those who run the session see its code.
        assert listed == [
            {**listed[0], "status": "closed", "join_code": None, "title": "Verdieping"}
        ]

    def test_a_closed_session_cannot_be_closed_again_or_skip_back_to_planned(self, world, session):
        from django.core.exceptions import ValidationError

        services.workshop_set_status(workshop=session, actor=None, status="live")
        services.workshop_set_status(workshop=session, actor=None, status="closed")
        with pytest.raises(ValidationError):
            services.workshop_set_status(workshop=session, actor=None, status="planned")


class PresenterTests:
    def test_full_screen_without_app_chrome_with_a_chart_and_its_figures(self, world, session):
        poll = _poll(world, session, title="Welke richting?")
        for side in ("market", "municipality", "market"):
            participant, _key = services.participant_join(
                workshop=session, display_name="", side=side
            )
            services.respond(activity=poll, participant=participant, value="0")
        page = (
            client_for(world, "facilitator")
            .get(reverse("workshops:screen", args=[world.trajectory.pk, session.pk]))
            .content.decode()
        )
        assert "Uitloggen" not in page and 'class="rt-header"' not in page
        assert 'class="rt-barchart"' in page and "Welke richting?" in page
        # Everyone said "Ja": the bar prints count and share, and the table for screen readers
        # holds the same figures.
        assert "3 · 100%" in page and "0 · 0%" in page
        assert 'class="rt-sr-only"' in page and "3 (100%)" in page and "0 (0%)" in page
        assert "data-control-url" in page  # the facilitator's shortcuts
        observer = (
            client_for(world, "observer")
            .get(reverse("workshops:screen", args=[world.trajectory.pk, session.pk]))
            .content.decode()
        )
        assert "data-control-url" not in observer

    def test_scan_to_join_before_the_first_activity(self, world, session):
        page = (
            client_for(world, "facilitator")
            .get(reverse("workshops:screen", args=[world.trajectory.pk, session.pk]))
            .content.decode()
        )
        live_part = page.split("data-presenter-join-panel")[0]
        assert "Scan om mee te doen" in live_part and 'class="rt-qr"' in live_part
        assert session.join_code in live_part

    def test_keyboard_commands_move_through_the_activities(self, world, session):
        first = _poll(world, session, title="Eerste", open_it=False)
        second = _poll(world, session, title="Tweede", open_it=False)
        url = reverse("workshops:screen_control", args=[world.trajectory.pk, session.pk])
        client = client_for(world, "facilitator")
        assert client.post(url, {"command": "next"}).json()["activity"] == "Eerste"
        assert client.post(url, {"command": "next"}).json()["activity"] == "Tweede"
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == "closed" and second.status == "open"
        last = client.post(url, {"command": "next"})
        assert last.status_code == 400 and last.json()["detail"] == "Dit is de laatste activiteit."
        client.post(url, {"command": "hide"})
        second.refresh_from_db()
        assert not second.results_visible
        client.post(url, {"command": "show"})
        second.refresh_from_db()
        assert second.results_visible
        assert client.post(url, {"command": "previous"}).json()["activity"] == "Eerste"
        assert client_for(world, "participant").post(url, {"command": "next"}).status_code == 403

    def test_the_timer_shows_the_time_left_on_first_paint(self, world, session):
        block = services.block_add(
            workshop=session,
            actor=world.users["facilitator"],
            kind="plenary",
            title="Opening",
            minutes=15,
        )
        services.block_start(block=block, actor=world.users["facilitator"])
        _poll(world, session)
        phone = _phone(session)
        for page in (
            phone.get(reverse("workshops:live", args=[session.join_code])).content.decode(),
            client_for(world, "facilitator")
            .get(reverse("workshops:screen", args=[world.trajectory.pk, session.pk]))
            .content.decode(),
        ):
            assert "· min" not in page
            assert re.search(r"1[45]:\d\d over<", page), page


class PhoneAndJoinTests:
    def test_the_join_page_offers_only_the_sides_at_the_table_by_their_own_names(
        self, world, session
    ):
        page = Client().get(reverse("workshops:join", args=[session.join_code])).content.decode()
        labels = re.findall(
            r'<label for="id_side_\d+"[^>]*>\s*<input[^>]*>\s*([^<]+?)\s*</label>', page
        )
        if not labels:  # the radio's label may wrap the input differently
            labels = re.findall(r'name="side" value="(\w+)"', page)
            assert sorted(labels) == ["market", "municipality"]
        else:
            assert labels == ["Gemeente", "mkb GWW"]
        assert "Bewoners" not in page
        refused = Client().post(
            reverse("workshops:join", args=[session.join_code]),
            {"display_name": "", "side": "residents"},
        )
        assert refused.status_code == 200 and not refused.cookies.get(PARTICIPANT_COOKIE)

    def test_results_only_after_ones_own_answer(self, world, session):
        poll = _poll(world, session)
        phone = _phone(session)
        url = reverse("workshops:live", args=[session.join_code])
        assert "Uitkomsten tot nu toe" not in phone.get(url).content.decode()
        phone.post(
            reverse("workshops:respond", args=[session.join_code, poll.pk]),
            {"value": "1", "client_id": "c1"},
        )
        assert "Uitkomsten tot nu toe" in phone.get(url).content.decode()

    def test_the_console_has_unique_ids(self, world, session):
        _poll(world, session)
        page = client_for(world, "facilitator").get(_console(world, session)).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert [i for i, n in ids.items() if n > 1] == []
        assert "?kant=" in page  # the join links per side are listed


class AgendaTests:
    def test_an_activity_on_an_agenda_item_starts_it(self, world, session):
        facilitator = world.users["facilitator"]
        opening = services.block_add(
            workshop=session, actor=facilitator, kind="plenary", title="Opening"
        )
        services.block_add(workshop=session, actor=facilitator, kind="plenary", title="Stemmen")
        client = client_for(world, "facilitator")
        client.post(
            reverse("workshops:activity_add", args=[world.trajectory.pk, session.pk]),
            {
                "activity-kind": "poll_single",
                "activity-title": "Welke eerst?",
                "activity-options": "A\nB",
                "activity-block": str(opening.pk),
            },
        )
        poll = session.activities.get(title="Welke eerst?")
        assert poll.block_id == opening.pk
        client.post(
            reverse("workshops:activity_control", args=[world.trajectory.pk, session.pk, poll.pk]),
            {"command": "open"},
        )
        opening.refresh_from_db()
        assert opening.started_at is not None and opening.ended_at is None
        console = client.get(_console(world, session)).content.decode()
        # The agenda shows Opening as running, with its timer; Stemmen can still be started.
        # (the title sits in its drag handle: markup between the words is allowed)
        assert re.search(
            r"Opening(?:</span>)? \(plenair, 15 min\)\s*<strong>· loopt</strong>", console
        )


def test_the_api_gives_the_agenda_and_the_results_a_reader_may_see(world, session):
    """Results hidden by the facilitator reach only those who run the session."""
    from rondetafel.accounts.services import api_token_create

    block = services.block_add(
        workshop=session, actor=world.users["facilitator"], kind="plenary", title="Opening"
    )
    poll = _poll(world, session)
    phone = _phone(session)
    phone.post(
        reverse("workshops:respond", args=[session.join_code, poll.pk]),
        {"value": "0", "client_id": "c1"},
    )
    services.activity_show_results(activity=poll, actor=world.users["facilitator"], visible=False)

    def read(role, what):
        _token, key = api_token_create(user=world.users[role], name="script")
        url = f"/api/trajectories/{world.trajectory.pk}/sessions/{session.pk}/{what}"
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(url).json()

    assert [(b["id"], b["title"], b["kind"]) for b in read("observer", "agenda")] == [
        (str(block.pk), "Opening", "plenary")
    ]
    (hidden,) = read("observer", "activities")
    assert hidden["title"] == "Kiezen" and hidden["results"] is None
    (seen,) = read("facilitator", "activities")
    assert seen["results"] == _plain_results(poll)
    assert seen["results"]["respondents"] == 1
    assert [(r["label"], r["count"]) for r in seen["results"]["rows"]] == [("Ja", 1), ("Nee", 0)]


def _plain_results(activity):
    from django.core.serializers.json import DjangoJSONEncoder

    from rondetafel.workshops import selectors

    return json.loads(
        json.dumps(selectors.results(activity, landscape=False), cls=DjangoJSONEncoder)
    )
