"""Step 5: the decision log fed by other apps, commitments with their history, governance
meetings with minutes, calendar feeds, and what the pages show and refuse."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import agreement_in_review, client_for
from rondetafel.agreements import services as ag
from rondetafel.governance import calendar, selectors, services
from rondetafel.governance.models import Commitment, Decision, OutgoingMail
from rondetafel.trajectories import services as ts

MD = "# Convenant\n## Afspraken\n### Artikel 1 Kennis\nWe delen kennis.\n### Artikel 2 Looptijd\nEén jaar.\n"
TODAY = datetime.date(2026, 12, 1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _local(*args):
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def _decided_proposal(world):
    version = agreement_in_review(world, MD)
    article = version.sections.get(heading="Afspraken").articles.get(number="2")
    proposal = ag.proposal_create(
        version=version,
        user=world.users["participant"],
        kind="amend",
        article=article,
        rationale="Langer",
        text="Vijf jaar.",
    )
    ag.proposal_decide(
        proposal=proposal,
        actor=world.users["facilitator"],
        method="consent",
        adopted=True,
        reason="",
        tally={"municipality": {"agree": 4, "stand_aside": 1}, "market": {"agree": 3, "object": 1}},
    )
    return version, proposal


def _commitment(world, **kw):
    data = {
        "trajectory": world.trajectory,
        "actor": world.users["facilitator"],
        "description": "Kennisagenda opstellen",
        "due_on": TODAY + datetime.timedelta(days=10),
        "owner": world.memberships["participant"],
        "today": TODAY,
    }
    data.update(kw)
    return services.commitment_create(**data)


class DecisionLogTests:
    def test_a_decided_proposal_enters_the_log_with_its_tally_and_a_link_to_its_source(self, world):
        version, proposal = _decided_proposal(world)
        decision = Decision.objects.get(trajectory=world.trajectory)
        assert decision.title == "Voorstel over “2 Looptijd” (het artikel wijzigen): vastgesteld"
        assert "7" in decision.basis and "1" in decision.basis  # 7 agree, 1 stand aside, 1 object
        assert decision.source_url == reverse(
            "agreements:version", args=[world.trajectory.pk, version.pk]
        )
        assert str(world.users["participant"].pk) in decision.contributor_ids
        page = client_for(world, "observer").get(
            reverse("governance:decisions", args=[world.trajectory.pk])
        )
        assert page.status_code == 200
        html = page.content.decode()
        assert decision.title in html and f'href="{decision.source_url}"' in html

    def test_the_same_source_is_logged_once(self, world):
        _decided_proposal(world)
        decision = Decision.objects.get()
        from rondetafel.trajectories.decisions import DecisionDraft

        again = services.decision_from_source(
            DecisionDraft(
                trajectory_id=world.trajectory.pk,
                source_key=decision.source_key,
                title="nogmaals",
                decided_by="x",
                decided_on=TODAY,
            )
        )
        assert again is None and Decision.objects.count() == 1

    def test_the_decision_rolls_back_with_its_source(self, world):
        version = agreement_in_review(world, MD)
        proposal = ag.proposal_create(
            version=version,
            user=world.users["participant"],
            kind="new",
            heading="Nieuw",
            text="Iets nieuws.",
            rationale="Nodig",
            section=version.sections.first(),
        )
        with pytest.raises(ValidationError):
            ag.proposal_decide(
                proposal=proposal,
                actor=None,
                method="consent",
                adopted=True,
                reason="",
                tally={"market": {"agree": 2, "block": 1}},
            )
        assert not Decision.objects.exists()

    def test_the_goal_is_a_decision_only_when_every_party_agrees(self, world):
        from rondetafel.stakeholders import services as ss
        from rondetafel.trajectories.constants import Side

        goal = ss.goal_save(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            text="Samen bouwen",
            engagement_level="collaborate",
            ladder_level="coproduceren",
        )
        market = ts.party_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            name="MKB",
            side=Side.MARKET,
        )
        ts.membership_update(
            membership=world.memberships["participant"],
            actor=world.users["facilitator"],
            party=market,
        )
        ss.goal_sign_off(goal=goal, user=world.users["client"], verdict="agree")
        assert not Decision.objects.exists()
        ss.goal_sign_off(goal=goal, user=world.users["participant"], verdict="agree")
        decision = Decision.objects.get()
        assert "Samen bouwen" in decision.title and decision.source_key.startswith("goal:")

    def test_a_review_date_can_be_set_but_a_sourced_decision_keeps_its_wording(self, world):
        _decided_proposal(world)
        decision = Decision.objects.get()
        client = client_for(world, "facilitator")
        url = reverse("governance:decision_edit", args=[world.trajectory.pk, decision.pk])
        response = client.post(
            url, {"review_on": "2027-06-01", "consequences": "Evalueren", "title": "anders"}
        )
        assert response.status_code == 302
        decision.refresh_from_db()
        assert decision.review_on == datetime.date(2027, 6, 1)
        assert decision.title != "anders"

    def test_a_decision_by_hand_needs_what_and_who(self, world):
        client = client_for(world, "facilitator")
        url = reverse("governance:decisions", args=[world.trajectory.pk])
        response = client.post(url, {"title": "", "decided_by": "", "decided_on": "morgen"})
        assert response.status_code == 200
        assert "utrecht-form-field--invalid" in response.content.decode()
        assert not Decision.objects.exists()
        response = client.post(
            url,
            {
                "title": "Stuurgroep elk kwartaal",
                "decided_by": "Stuurgroep",
                "decided_on": "2026-11-20",
            },
        )
        assert (
            response.status_code == 302
            and Decision.objects.get().title == "Stuurgroep elk kwartaal"
        )

    def test_only_the_facilitator_writes_the_log(self, world):
        url = reverse("governance:decisions", args=[world.trajectory.pk])
        data = {"title": "x", "decided_by": "y", "decided_on": "2026-11-20"}
        for role in ("participant", "observer", "client"):
            assert client_for(world, role).post(url, data).status_code == 403
        assert client_for(world, "other_facilitator").get(url).status_code == 403
        assert not Decision.objects.exists()


class CommitmentTests:
    def test_without_owner_or_with_a_past_date_it_is_refused_and_nothing_is_stored(self, world):
        with pytest.raises(ValidationError, match="owner|eigenaar"):
            _commitment(world, owner=None)
        with pytest.raises(ValidationError):
            _commitment(world, due_on=TODAY - datetime.timedelta(days=1))
        with pytest.raises(ValidationError):
            _commitment(world, due_on=None)
        assert not Commitment.objects.exists()

    def test_the_form_says_what_is_wrong_in_dutch(self, world):
        url = reverse("governance:commitments", args=[world.trajectory.pk])
        response = client_for(world, "facilitator").post(
            url, {"description": "Iets", "due_on": "2020-01-01"}
        )
        html = response.content.decode()
        assert "Geef de toezegging een eigenaar" in html
        assert "Die datum is al voorbij" in html  # both problems at once
        assert not Commitment.objects.exists()

    def test_done_needs_evidence_and_every_step_is_in_the_history(self, world):
        commitment = _commitment(world)
        with pytest.raises(ValidationError, match="evidence|bewijs"):
            services.commitment_progress(
                commitment=commitment, actor=world.users["participant"], status="done"
            )
        services.commitment_progress(
            commitment=commitment, actor=world.users["participant"], status="under_way"
        )
        services.commitment_progress(
            commitment=commitment,
            actor=world.users["participant"],
            status="done",
            evidence="https://example.org/kennisagenda.pdf",
        )
        history = list(selectors.commitment_history(commitment=commitment))
        assert [(e.from_status, e.to_status) for e in history] == [
            ("", "open"),
            ("open", "under_way"),
            ("under_way", "done"),
        ]

    def test_owner_moves_it_on_others_may_not(self, world):
        commitment = _commitment(world)
        url = reverse("governance:commitment_progress", args=[world.trajectory.pk, commitment.pk])
        assert client_for(world, "observer").post(url, {"status": "under_way"}).status_code == 403
        assert client_for(world, "client").post(url, {"status": "under_way"}).status_code == 403
        assert (
            client_for(world, "participant").post(url, {"status": "under_way"}).status_code == 302
        )
        commitment.refresh_from_db()
        assert commitment.status == "under_way"

    def test_an_owner_who_left_is_flagged_and_can_be_reassigned(self, world):
        commitment = _commitment(world)
        ts.membership_remove(
            membership=world.memberships["participant"], actor=world.users["facilitator"]
        )
        commitment.refresh_from_db()
        assert commitment.owner_left and commitment.owner_label == "Participant"
        assert list(selectors.commitment_list(trajectory=world.trajectory, view="owner_left")) == [
            commitment
        ]
        client = client_for(world, "facilitator")
        page = client.get(reverse("governance:commitments", args=[world.trajectory.pk]))
        assert "heeft het traject verlaten" in page.content.decode()
        url = reverse("governance:commitment_reassign", args=[world.trajectory.pk, commitment.pk])
        assert client.post(url, {"reassign-owner_party": str(world.party.pk)}).status_code == 302
        commitment.refresh_from_db()
        assert commitment.owner_party == world.party and not commitment.owner_left

    def test_progress_notifies_everyone_who_contributed_to_its_source(self, world):
        _decided_proposal(world)
        decision = Decision.objects.get()
        commitment = _commitment(world, decision=decision, owner=world.memberships["client"])
        services.commitment_progress(
            commitment=commitment, actor=world.users["client"], status="under_way"
        )
        to = set(OutgoingMail.objects.filter(kind="progress").values_list("to", flat=True))
        # the proposer contributed to the source, the facilitator gave it out; the client moved it
        assert to == {"participant@test.example", "facilitator@test.example"}

    def test_inbox_shows_mine_across_trajectories(self, world):
        _commitment(world)
        page = client_for(world, "participant").get(reverse("governance:inbox"))
        html = page.content.decode()
        assert "Kennisagenda opstellen" in html and "Herijking" in html
        other = client_for(world, "observer").get(reverse("governance:inbox")).content.decode()
        assert "Kennisagenda opstellen" not in other


class MeetingTests:
    def _body(self, world):
        return services.body_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            name="Stuurgroep",
            mandate="Besluit over de kennisagenda",
            members=[world.memberships["client"], world.memberships["participant"]],
        )

    def test_a_monthly_series_keeps_its_wall_clock_time_and_refuses_the_impossible(self, world):
        body = self._body(world)
        first = _local(2027, 1, 12, 19, 30)
        services.meeting_series_create(
            body=body,
            actor=world.users["facilitator"],
            frequency="monthly",
            interval=1,
            count=6,
            first_starts_at=first,
        )
        starts = [timezone.localtime(m.starts_at) for m in body.meetings.all()]
        assert [s.month for s in starts] == [1, 2, 3, 4, 5, 6]
        assert {(s.hour, s.minute) for s in starts} == {(19, 30)}  # across summer time
        for bad in (
            {
                "frequency": "monthly",
                "interval": 1,
                "count": 3,
                "first_starts_at": first.replace(day=31),
            },
            {"frequency": "weekly", "interval": 0, "count": 3, "first_starts_at": first},
            {"frequency": "weekly", "interval": 1, "count": 500, "first_starts_at": first},
            {"frequency": "daily", "interval": 1, "count": 3, "first_starts_at": first},
        ):
            with pytest.raises(ValidationError):
                services.meeting_series_create(body=body, actor=world.users["facilitator"], **bad)
        assert body.meetings.count() == 6

    def test_minutes_go_from_draft_to_amended_to_approved_and_their_decisions_enter_the_log(
        self, world
    ):
        body = self._body(world)
        meeting = services.meeting_create(
            body=body,
            actor=world.users["facilitator"],
            starts_at=_local(2027, 1, 12, 19, 30),
        )
        _commitment(world)
        client = client_for(world, "facilitator")
        url = reverse("governance:meeting", args=[world.trajectory.pk, meeting.pk])
        page = client.get(url).content.decode()
        assert "Kennisagenda opstellen" in page  # the agenda draws on open commitments
        client.post(url, {"minutes": "Besproken: kennisagenda.", "decisions": ""})
        meeting.refresh_from_db()
        assert meeting.minutes_status == "draft"
        client.post(
            url,
            {
                "minutes": "Besproken: kennisagenda en budget.",
                "decisions": "Budget 20.000 euro\n\nKwartaaloverleg",
            },
        )
        meeting.refresh_from_db()
        assert meeting.minutes_status == "amended"
        client.post(reverse("governance:minutes_approve", args=[world.trajectory.pk, meeting.pk]))
        meeting.refresh_from_db()
        assert meeting.minutes_status == "approved"
        logged = Decision.objects.filter(meeting=meeting).order_by("title")
        assert [d.title for d in logged] == ["Budget 20.000 euro", "Kwartaaloverleg"]
        assert {d.decided_by for d in logged} == {"Stuurgroep"}
        with pytest.raises(ValidationError):
            services.minutes_save(
                meeting=meeting, actor=world.users["facilitator"], minutes="later", decisions=""
            )

    def test_calendar_feeds_parse_and_link_back_to_each_meeting(self, world):
        body = self._body(world)
        first = _local(2027, 1, 12, 19, 30)
        services.meeting_series_create(
            body=body,
            actor=world.users["facilitator"],
            frequency="weekly",
            interval=2,
            count=3,
            first_starts_at=first,
            location="Stadskantoor",
        )
        client = client_for(world, "anonymous")  # calendar apps do not log in
        token = calendar.feed_token("user", world.users["participant"].pk)
        response = client.get(reverse("governance:person_calendar", args=[token]))
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 3
        meeting = body.meetings.first()
        assert str(events[0]["URL"]).endswith(
            reverse("governance:meeting", args=[world.trajectory.pk, meeting.pk])
        )
        assert (
            events[0].decoded("DTSTART") == first and str(events[0]["LOCATION"]) == "Stadskantoor"
        )
        body_url = reverse(
            "governance:body_calendar",
            args=[world.trajectory.pk, body.pk, calendar.feed_token("body", body.pk)],
        )
        assert len(Calendar.from_ical(client.get(body_url).content).walk("VEVENT")) == 3
        # the observer sits on no body: an empty calendar; a forged token: nothing
        observer = calendar.feed_token("user", world.users["observer"].pk)
        assert (
            Calendar.from_ical(
                client.get(reverse("governance:person_calendar", args=[observer])).content
            ).walk("VEVENT")
            == []
        )
        assert (
            client.get(reverse("governance:person_calendar", args=[token[:-2] + "xx"])).status_code
            == 404
        )
        assert (
            client.get(
                reverse("governance:body_calendar", args=[world.trajectory.pk, body.pk, token])
            ).status_code
            == 404
        )


class ProgressTests:
    def test_steps_follow_the_work_and_a_hand_set_status_needs_a_reason(self, world):
        client = client_for(world, "facilitator")
        detail = reverse("trajectories:detail", args=[world.trajectory.pk])
        _decided_proposal(world)
        commitment = _commitment(world)
        html = client.get(detail).content.decode()
        # step 5 has produced something (a decision, a commitment): in progress, not "not started"
        step5 = html.split("5. ")[1]
        assert "Bezig" in step5.split("</li>")[0]
        services.commitment_progress(
            commitment=commitment, actor=world.users["participant"], status="done", evidence="klaar"
        )
        step5 = client.get(detail).content.decode().split("5. ")[1].split("</li>")[0]
        assert "Klaar" in step5
        url = reverse("trajectories:step_edit", args=[world.trajectory.pk, 3])
        response = client.post(url, {"status": "done", "reason": ""})
        assert response.status_code == 200 and "Zeg waarom" in response.content.decode()
        client.post(url, {"status": "done", "reason": "Strategie besproken in de stuurgroep"})
        step3 = client.get(detail).content.decode().split("3. ")[1].split("</li>")[0]
        assert "Klaar" in step3 and "Strategie besproken in de stuurgroep" in step3


class DashboardTests:
    def test_the_dashboard_says_what_is_overdue_and_that_reminders_wait_for_the_worker(self, world):
        commitment = _commitment(world)
        Commitment.objects.filter(pk=commitment.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        page = client_for(world, "facilitator").get(
            reverse("governance:dashboard", args=[world.trajectory.pk])
        )
        html = page.content.decode()
        assert "Kennisagenda opstellen" in html
        assert "achtergrondproces draait niet" in html
        assert '<svg class="rt-bar"' in html and "<title" in html
        observer = client_for(world, "observer").get(
            reverse("governance:dashboard", args=[world.trajectory.pk])
        )
        assert "achtergrondproces" not in observer.content.decode()


def test_a_commitment_points_at_the_article_it_comes_from(world):
    from rondetafel.governance.models import Commitment as Model

    version = agreement_in_review(world, MD)
    article = version.sections.get(heading="Afspraken").articles.get(number="1")
    commitment = _commitment(world, article=article)
    assert commitment.source_label == str(article)
    page = client_for(world, "participant").get(
        reverse("governance:commitment", args=[world.trajectory.pk, commitment.pk])
    )
    link = reverse("agreements:article", args=[world.trajectory.pk, version.pk, article.pk])
    assert f'href="{link}"' in page.content.decode()
    from rondetafel.agreements import services as ag2
    from rondetafel.agreements.structure import parse_markdown

    elsewhere = ag2.agreement_create(
        trajectory=world.other_trajectory,
        actor=world.users["other_facilitator"],
        title="Elders",
        parsed=parse_markdown(MD),
    )
    foreign = elsewhere.sections.get(heading="Afspraken").articles.first()
    with pytest.raises(ValidationError, match="ander traject|another trajectory"):
        _commitment(world, article=foreign)
    assert Model.objects.count() == 1
