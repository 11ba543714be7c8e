"""Live sessions through services and views: joining by code, answering each activity type,
moderation, retries, closed activities, bad input and equality of voice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from rondetafel.workshops import selectors, services
from rondetafel.workshops.constants import JOIN_ATTEMPTS, PARTICIPANT_COOKIE
from rondetafel.workshops.models import GroupMember, Response, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(world):
    from rondetafel.trajectories.services import party_create

    # Three sides at the table: the join page offers exactly these.
    for name, side in (("Aannemers", "market"), ("Buurtvereniging", "residents")):
        party_create(
            trajectory=world.trajectory, actor=world.users["facilitator"], name=name, side=side
        )
    return services.workshop_create(
        trajectory=world.trajectory, actor=world.users["facilitator"], title="Verdieping"
    )


def _activity(workshop, world, kind, options="", title="Vraag"):
    activity = services.activity_add(
        workshop=workshop,
        actor=world.users["facilitator"],
        kind=kind,
        title=title,
        options_text=options,
    )
    return services.activity_set_status(
        activity=activity, actor=world.users["facilitator"], status="open"
    )


def _join(workshop, side="market", name="Omar"):
    participant, _key = services.participant_join(workshop=workshop, display_name=name, side=side)
    return participant


class ResponseTests:
    def test_statement_votes_replace_and_retries_count_once(self, workshop, world):
        activity = _activity(workshop, world, "statements", "Samen beheren\nMeer overleg")
        person = _join(workshop)
        first = activity.statements.first()
        services.respond(
            activity=activity, participant=person, item=str(first.pk), value="agree", client_id="a1"
        )
        services.respond(
            activity=activity, participant=person, item=str(first.pk), value="agree", client_id="a1"
        )
        services.respond(
            activity=activity,
            participant=person,
            item=str(first.pk),
            value="disagree",
            client_id="a2",
        )
        assert Response.objects.filter(activity=activity).count() == 1
        assert Response.objects.get().value == "disagree"
        rows = selectors.results(activity)["statements"]
        assert [r["disagree"] for r in rows] == [1, 0]
        # least-voted first, without the one already voted on
        assert [
            s.text for s in selectors.statements_for(activity=activity, participant=person)
        ] == ["Meer overleg"]

    def test_bad_values_are_refused_and_change_nothing(self, workshop, world):
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        person = _join(workshop)
        for value in ("7", "x", ["0", "1"], None):
            with pytest.raises(ValidationError):
                services.respond(activity=poll, participant=person, value=value)
        scale = _activity(workshop, world, "scale_5")
        with pytest.raises(ValidationError, match="1 to 5"):
            services.respond(activity=scale, participant=person, value=6)
        consent = _activity(workshop, world, "consent")
        with pytest.raises(ValidationError, match="reason"):
            services.respond(
                activity=consent, participant=person, value={"answer": "block", "reason": " "}
            )
        statements = _activity(workshop, world, "statements", "Eén")
        with pytest.raises(ValidationError):
            services.respond(
                activity=statements, participant=person, item="not-a-statement", value="agree"
            )
        assert Response.objects.count() == 0

    def test_polls_scale_and_consent_results(self, workshop, world):
        poll = _activity(workshop, world, "poll_multiple", "Groen\nVerkeer\nSpelen")
        scale = _activity(workshop, world, "scale_10")
        consent = _activity(workshop, world, "consent")
        people = [_join(workshop, side) for side in ("market", "market", "municipality")]
        for person, choice, score, answer in zip(
            people,
            (["0", "1"], ["1"], ["2"]),
            (7, 8, 3),
            ("agree", "stand_aside", "object"),
            strict=True,
        ):
            services.respond(activity=poll, participant=person, value=choice)
            services.respond(activity=scale, participant=person, value=score)
            services.respond(
                activity=consent,
                participant=person,
                value={"answer": answer, "reason": "te duur" if answer == "object" else ""},
            )
        assert [o["count"] for o in selectors.results(poll)["rows"]] == [1, 2, 1]
        assert selectors.results(scale)["median"] == 7
        consent_results = selectors.results(consent)
        assert {a["key"]: a["count"] for a in consent_results["answers"]} == {
            "agree": 1,
            "stand_aside": 1,
            "object": 1,
            "block": 0,
        }
        assert consent_results["per_side"]["market"] == {"agree": 1, "stand_aside": 1}
        assert consent_results["reasons"] == [{"answer": "Object", "reason": "te duur"}]

    def test_closed_activity_refuses_late_votes(self, workshop, world):
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        person = _join(workshop)
        services.activity_set_status(
            activity=poll, actor=world.users["facilitator"], status="closed"
        )
        with pytest.raises(ValidationError, match="closed"):
            services.respond(activity=poll, participant=person, value="0")

    def test_participant_of_another_session_is_refused(self, workshop, world):
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        other = services.workshop_create(
            trajectory=world.trajectory, actor=world.users["facilitator"], title="Andere"
        )
        stranger = _join(other)
        with pytest.raises(PermissionDenied):
            services.respond(activity=poll, participant=stranger, value="0")

    def test_submitted_statements_wait_for_moderation(self, workshop, world):
        activity = _activity(workshop, world, "statements", "Eerste")
        person = _join(workshop)
        statement = services.statement_submit(
            activity=activity, participant=person, text="  Meer   bomen ", client_id="s1"
        )
        again = services.statement_submit(
            activity=activity, participant=person, text="Meer bomen", client_id="s1"
        )
        assert statement.pk == again.pk and statement.text == "Meer bomen"
        assert "Meer bomen" not in [
            s.text for s in selectors.statements_for(activity=activity, participant=person)
        ]
        services.statement_moderate(
            statement=statement, actor=world.users["facilitator"], accept=True
        )
        assert "Meer bomen" in [
            s.text for s in selectors.statements_for(activity=activity, participant=person)
        ]
        with pytest.raises(ValidationError):
            services.statement_submit(activity=activity, participant=person, text="x" * 300)
        with pytest.raises(ValidationError):
            services.statement_submit(activity=activity, participant=person, text="   ")

    def test_every_change_bumps_the_version(self, workshop, world):
        before = selectors.version(workshop.pk)
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        services.respond(activity=poll, participant=_join(workshop), value="1")
        assert selectors.version(workshop.pk) >= before + 4  # add, open, join, answer

    def test_poll_needs_options(self, workshop, world):
        with pytest.raises(ValidationError):
            services.activity_add(
                workshop=workshop,
                actor=world.users["facilitator"],
                kind="poll_single",
                title="?",
                options_text="Alleen",
            )
        with pytest.raises(ValidationError):
            services.activity_add(
                workshop=workshop, actor=world.users["facilitator"], kind="nonsense", title="?"
            )


class EqualityOfVoiceTests:
    def test_under_heard_side_is_flagged_by_share(self, workshop, world):
        poll = _activity(workshop, world, "statements", "A\nB\nC\nD")
        market = [_join(workshop, "market") for _ in range(2)]
        city = [_join(workshop, "municipality") for _ in range(2)]
        for person in market:
            for statement in poll.statements.all():
                services.respond(
                    activity=poll, participant=person, item=str(statement.pk), value="agree"
                )
        services.respond(
            activity=poll, participant=city[0], item=str(poll.statements.first().pk), value="pass"
        )
        voice = {v.side: v for v in selectors.equality_of_voice(workshop)}
        assert voice["market"].contributions == 8 and voice["municipality"].contributions == 1
        assert voice["municipality"].under_heard and not voice["market"].under_heard
        assert voice["market"].people_share == pytest.approx(0.5)


class JoinViewTests:
    def test_join_by_code_keeps_identity_across_reloads(self, workshop):
        client = Client()
        response = client.post(
            reverse("workshops:join_start"), {"code": workshop.join_code.lower()}
        )
        assert response.status_code == 302
        response = client.post(
            reverse("workshops:join", args=[workshop.join_code]),
            {"display_name": "Zoë", "side": "residents"},
        )
        assert response.status_code == 302 and PARTICIPANT_COOKIE in response.cookies
        page = client.get(reverse("workshops:live", args=[workshop.join_code]))
        assert page.status_code == 200 and "Zoë" in page.content.decode()
        assert workshop.participants.count() == 1
        # a reload or a second visit to the join page does not make a second participant
        client.get(reverse("workshops:join", args=[workshop.join_code]))
        assert workshop.participants.count() == 1

    def test_wrong_codes_pause_the_phone_that_typed_them_not_the_room(self, workshop):
        start = reverse("workshops:join_start")
        typist = Client(REMOTE_ADDR="198.51.100.9")
        typist.get(start)  # the form page gives the phone its cookie
        for _ in range(JOIN_ATTEMPTS):
            typist.post(start, {"code": "ZZZZZZ"})
        response = typist.post(start, {"code": workshop.join_code})
        assert response.status_code == 200
        assert "Too many wrong codes" in response.content.decode() or "Te veel" in (
            response.content.decode()
        )
        # Someone else on the same network (the venue's Wi-Fi) still gets in.
        neighbour = Client(REMOTE_ADDR="198.51.100.9")
        neighbour.get(start)
        joined = neighbour.post(start, {"code": workshop.join_code})
        assert joined.status_code == 302

    def test_a_whole_address_is_paused_after_many_wrong_codes_by_any_route(self, workshop):
        from rondetafel.workshops.constants import JOIN_ADDRESS_ATTEMPTS

        prober = Client(REMOTE_ADDR="203.0.113.7")
        for i in range(JOIN_ADDRESS_ATTEMPTS):
            prober.cookies.clear()  # a script that drops the cookie that would pause it at 10
            code = f"Z{i:05d}"[:6]
            assert prober.get(reverse("workshops:version", args=[code])).status_code == 404
        # now even the right code is refused from this address, by every route
        assert (
            prober.get(reverse("workshops:version", args=[workshop.join_code])).status_code == 429
        )
        refused = prober.post(reverse("workshops:join_start"), {"code": workshop.join_code})
        assert refused.status_code == 200 and "join_code" not in refused.get("Location", "")
        elsewhere = Client(REMOTE_ADDR="192.0.2.1")
        assert (
            elsewhere.get(reverse("workshops:version", args=[workshop.join_code])).status_code
            == 200
        )

    def test_without_the_cookie_no_answers(self, workshop, world):
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        response = Client().post(
            reverse("workshops:respond", args=[workshop.join_code, poll.pk]), {"value": "0"}
        )
        assert response.status_code == 403
        assert Response.objects.count() == 0

    def test_member_joins_as_themselves(self, workshop, world):
        client = client_for(world, "participant")
        client.post(
            reverse("workshops:join", args=[workshop.join_code]),
            {"display_name": "", "side": "municipality"},
        )
        assert workshop.participants.get().user == world.users["participant"]

    def test_answer_through_the_phone_page(self, workshop, world):
        poll = _activity(workshop, world, "poll_single", "Ja\nNee")
        client = Client()
        client.post(
            reverse("workshops:join", args=[workshop.join_code]),
            {"display_name": "", "side": "market"},
        )
        client.post(
            reverse("workshops:respond", args=[workshop.join_code, poll.pk]),
            {"value": "1", "client_id": "c1"},
        )
        client.post(
            reverse("workshops:respond", args=[workshop.join_code, poll.pk]),
            {"value": "1", "client_id": "c1"},
        )
        assert [o["count"] for o in selectors.results(poll)["rows"]] == [0, 1]
        bad = client.post(
            reverse("workshops:respond", args=[workshop.join_code, poll.pk]),
            {"value": "9"},
            follow=True,
        )
        assert (
            "Choose one of the options" in bad.content.decode()
            or "Kies een van de opties" in bad.content.decode()
        )
        assert Statement.objects.count() == 0


class SubSessionRoundTests:
    def _round(self, workshop, world):
        block = services.block_add(
            workshop=workshop,
            actor=world.users["facilitator"],
            kind="subsessions",
            title="Deelsessies",
            minutes=45,
        )
        return block, services.subgroups_define(
            block=block, actor=world.users["facilitator"], topics_text="Kennis\nInkoop\nEvaluatie"
        )

    def test_balanced_groups_with_wishes_rules_and_hosts(self, workshop, world):
        block, (kennis, inkoop, evaluatie) = self._round(workshop, world)
        market = [_join(workshop, "market", f"M{i}") for i in range(6)]
        city = [_join(workshop, "municipality", f"G{i}") for i in range(3)]
        services.subgroup_set_host(subgroup=kennis, actor=None, participant=city[0])
        services.pair_rule_add(
            block=block, actor=None, first=market[0], second=market[1], together=True
        )
        services.pair_rule_add(
            block=block, actor=None, first=market[2], second=market[3], together=False
        )
        services.preference_set(block=block, participant=market[4], topics=[str(evaluatie.pk)])
        outcome = services.groups_assign(block=block, actor=world.users["facilitator"])
        where = {m.participant_id: m.subgroup_id for m in GroupMember.objects.filter(block=block)}
        assert len(where) == 9
        assert where[city[0].pk] == kennis.pk
        assert where[market[0].pk] == where[market[1].pk]
        assert where[market[2].pk] != where[market[3].pk]
        for subgroup in (kennis, inkoop, evaluatie):
            sides = [p.side for p in market + city if where[p.pk] == subgroup.pk]
            assert sides.count("municipality") == 1 and sides.count("market") == 2
        assert outcome["largest_gap"] == pytest.approx(0)
        # the facilitator adjusts, then publishes; a participant sees their group
        services.group_move(block=block, actor=None, participant=market[5], subgroup=inkoop)
        services.groups_publish(block=block, actor=world.users["facilitator"])
        assert selectors.my_group(workshop=workshop, participant=market[5]) == inkoop
        with pytest.raises(ValidationError):
            services.groups_assign(block=block, actor=None)
        with pytest.raises(ValidationError):
            services.preference_set(block=block, participant=market[5], topics=[str(kennis.pk)])

    def test_bad_round_input(self, workshop, world):
        block, groups = self._round(workshop, world)
        with pytest.raises(ValidationError):
            services.subgroups_define(block=block, actor=None, topics_text="Alleen")
        with pytest.raises(ValidationError):
            services.groups_assign(block=block, actor=None)  # nobody joined
        person = _join(workshop)
        with pytest.raises(ValidationError):
            services.preference_set(block=block, participant=person, topics=["not-a-group"])
        with pytest.raises(ValidationError):
            services.pair_rule_add(
                block=block, actor=None, first=person, second=person, together=True
            )
        plenary = services.block_add(workshop=workshop, actor=None, kind="plenary", title="Plenair")
        with pytest.raises(ValidationError):
            services.subgroups_define(block=plenary, actor=None, topics_text="A\nB")


class MoreActivityTests:
    def test_qa_questions_are_moderated_then_upvoted_once(self, workshop, world):
        qa = _activity(workshop, world, "qa")
        asker, voter = _join(workshop), _join(workshop, "residents")
        question = services.statement_submit(
            activity=qa, participant=asker, text="Wanneer begint het werk?"
        )
        with pytest.raises(ValidationError):
            services.respond(activity=qa, participant=voter, item=str(question.pk), value="up")
        services.statement_moderate(statement=question, actor=None, accept=True)
        services.respond(activity=qa, participant=voter, item=str(question.pk), value="up")
        services.respond(activity=qa, participant=voter, item=str(question.pk), value="up")
        assert selectors.results(qa)["questions"] == [
            {"id": str(question.pk), "text": "Wanneer begint het werk?", "votes": 1}
        ]

    def test_idea_board_collect_cluster_and_dot_vote(self, workshop, world):
        board = _activity(workshop, world, "ideas")
        person = _join(workshop)
        idea = services.statement_submit(activity=board, participant=person, text="Meer bankjes")
        assert idea.status == "accepted"  # ideas are on the board at once
        with pytest.raises(ValidationError):
            services.respond(activity=board, participant=person, value={})  # not voting yet
        with pytest.raises(ValidationError):
            services.ideas_phase(activity=board, actor=None, phase="vote")  # no themes
        (groen, spelen) = services.themes_add(
            activity=board, actor=None, names_text="Groen\nSpelen"
        )
        services.idea_cluster(idea=idea, actor=None, theme=groen)
        services.ideas_phase(activity=board, actor=None, phase="vote")
        board.refresh_from_db()
        with pytest.raises(ValidationError, match="1 and 3"):
            services.respond(
                activity=board, participant=person, value={str(groen.pk): 3, str(spelen.pk): 1}
            )
        with pytest.raises(ValidationError):
            services.respond(activity=board, participant=person, value={"other": 1})
        services.respond(
            activity=board, participant=person, value={str(groen.pk): 2, str(spelen.pk): 1}
        )
        themes = selectors.results(board)["themes"]
        assert [(t["name"], t["dots"], t["ideas"]) for t in themes] == [
            ("Groen", 2, ["Meer bankjes"]),
            ("Spelen", 1, []),
        ]

    def test_word_cloud_counts_words(self, workshop, world):
        cloud = _activity(workshop, world, "wordcloud")
        for words in (["Vertrouwen", "samen"], ["vertrouwen"], ["  Tempo "]):
            services.respond(activity=cloud, participant=_join(workshop), value=words)
        with pytest.raises(ValidationError):
            services.respond(
                activity=cloud, participant=_join(workshop), value=["a", "b", "c", "d"]
            )
        with pytest.raises(ValidationError):
            services.respond(activity=cloud, participant=_join(workshop), value=["", " "])
        words = {w["word"]: w["count"] for w in selectors.results(cloud)["words"]}
        assert words == {"vertrouwen": 2, "samen": 1, "tempo": 1}

    def test_ranking_allocation_and_grid(self, workshop, world):
        ranking = _activity(workshop, world, "ranking", "Groen\nVerkeer\nSpelen")
        points = _activity(workshop, world, "allocation", "Groen\nVerkeer")
        grid = _activity(workshop, world, "grid", "x: Impact\ny: Moeite\nBankjes\nSpeeltuin")
        a, b = _join(workshop), _join(workshop, "residents")
        services.respond(activity=ranking, participant=a, value=[2, 0, 1])
        services.respond(activity=ranking, participant=b, value=[2, 1, 0])
        with pytest.raises(ValidationError):
            services.respond(activity=ranking, participant=a, value=[0, 0, 1])
        top = selectors.results(ranking)["ranking"][0]
        assert (top["label"], top["points"], top["mean_rank"]) == ("Spelen", 6, 1.0)
        services.respond(activity=points, participant=a, value=[70, 30])
        with pytest.raises(ValidationError, match="exactly 100"):
            services.respond(activity=points, participant=b, value=[70, 40])
        assert [r["mean"] for r in selectors.results(points)["rows"]] == [70.0, 30.0]
        services.respond(activity=grid, participant=a, value={"0": [8, 2], "1": [4, 6]})
        services.respond(activity=grid, participant=b, value={"0": [6, 4], "1": ["4", "8"]})
        with pytest.raises(ValidationError):
            services.respond(activity=grid, participant=b, value={"0": [11, 2], "1": [1, 1]})
        items = selectors.results(grid)["items"]
        assert [(i["x"], i["y"]) for i in items] == [(7.0, 3.0), (4.0, 7.0)]
        with pytest.raises(ValidationError):
            services.activity_add(
                workshop=workshop, actor=None, kind="grid", title="?", options_text="Zonder assen"
            )

    def test_phone_forms_for_the_new_types(self, workshop, world):
        ranking = _activity(workshop, world, "ranking", "Groen\nVerkeer")
        client = Client()
        client.post(
            reverse("workshops:join", args=[workshop.join_code]),
            {"display_name": "", "side": "market"},
        )
        page = client.get(reverse("workshops:live", args=[workshop.join_code])).content.decode()
        assert 'name="rank-0"' in page and 'name="rank-1"' in page
        client.post(
            reverse("workshops:respond", args=[workshop.join_code, ranking.pk]),
            {"rank-0": "2", "rank-1": "1"},
        )
        assert Response.objects.get().value == [1, 0]
        response = client.post(
            reverse("workshops:respond", args=[workshop.join_code, ranking.pk]),
            {"rank-0": "1", "rank-1": "1"},
            follow=True,
        )
        assert Response.objects.get().value == [
            1,
            0,
        ]  # a double place is refused, the old answer kept
        assert response.status_code == 200


class ReportTests:
    def test_report_agenda_consent_voice_attendance_and_pdf(self, workshop, world):
        import subprocess

        block = services.block_add(
            workshop=workshop,
            actor=None,
            kind="plenary",
            title="Opening",
            goal="Doelen delen",
            minutes=10,
        )
        services.block_start(block=block, actor=None)
        consent = _activity(workshop, world, "consent", title="Verlengen we?")
        people = [_join(workshop, "market"), _join(workshop, "municipality")]
        services.respond(activity=consent, participant=people[0], value={"answer": "agree"})
        services.respond(
            activity=consent,
            participant=people[1],
            value={"answer": "object", "reason": "Eerst evalueren"},
        )
        services.activity_record_outcome(
            activity=consent, actor=None, outcome="Verlengd met evaluatie"
        )
        services.block_end(block=block, actor=None)
        client = client_for(world, "observer")
        html = client.get(
            reverse("workshops:report", args=[world.trajectory.pk, workshop.pk])
        ).content.decode()
        for expected in ("Opening", "Verlengd met evaluatie", "Eerst evalueren"):
            assert expected in html
        assert "Omar" not in html  # no names in the report
        pdf = client.get(
            reverse("workshops:report_pdf", args=[world.trajectory.pk, workshop.pk])
        ).content
        assert pdf.startswith(b"%PDF")
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Verlengd met evaluatie" in text and "Sessieverslag" in text

    def test_results_kept_off_the_screen_stay_out_of_the_report_for_all_but_the_facilitator(
        self, workshop, world
    ):
        import subprocess

        poll = _activity(workshop, world, "poll_single", options="Ja\nNee", title="Geheime peiling")
        services.respond(activity=poll, participant=_join(workshop), value=0)
        services.activity_show_results(activity=poll, actor=None, visible=False)
        url = reverse("workshops:report", args=[world.trajectory.pk, workshop.pk])
        pdf_url = reverse("workshops:report_pdf", args=[world.trajectory.pk, workshop.pk])
        for role, shown in (("participant", False), ("client", False), ("facilitator", True)):
            client = client_for(world, role)
            html = client.get(url).content.decode()
            assert "Geheime peiling" in html
            assert ("niet gedeeld" not in html) == shown  # the pages speak Dutch first
            text = subprocess.run(
                ["pdftotext", "-", "-"],
                input=client.get(pdf_url).content,
                capture_output=True,
                check=True,
            ).stdout.decode()
            assert ("niet gedeeld" not in text) == shown

    def test_csv_export_has_no_names_and_neutralises_formulas(self, workshop, world):
        activity = _activity(workshop, world, "statements", "=SUM(A1)\nGewoon")
        person = _join(workshop, "market", "Omar Geheim")
        services.respond(
            activity=activity,
            participant=person,
            item=str(activity.statements.first().pk),
            value="agree",
        )
        body = (
            client_for(world, "facilitator")
            .get(
                reverse(
                    "workshops:activity_export",
                    args=[world.trajectory.pk, workshop.pk, activity.pk],
                )
            )
            .content.decode()
        )
        assert "Omar" not in body and "'=SUM(A1)" in body and ",market," in body

    def test_agenda_blocks_start_and_end(self, workshop, world):
        first = services.block_add(
            workshop=workshop, actor=None, kind="plenary", title="Een", minutes=5
        )
        second = services.block_add(
            workshop=workshop, actor=None, kind="break", title="Pauze", minutes=10
        )
        with pytest.raises(ValidationError):
            services.block_end(block=first, actor=None)
        services.block_start(block=first, actor=None)
        services.block_start(block=second, actor=None)  # the agenda moves on
        first.refresh_from_db()
        assert first.ended_at is not None and selectors.current_block(workshop) == second


class ReplayTests:
    @pytest.mark.parametrize(
        "kind, options",
        [
            ("poll_multiple", "A\nB\nC"),
            ("ranking", "A\nB"),
            ("allocation", "A\nB\nC"),
            ("grid", "x: X\ny: Y\nA"),
            ("consent", ""),
            ("wordcloud", ""),
            ("scale_5", ""),
        ],
    )
    def test_simulated_answers_are_valid_for_each_type(self, workshop, world, kind, options):
        from django.core.management import call_command

        activity = _activity(workshop, world, kind, options)
        call_command("replay_session", workshop.join_code, participants=3, seconds=0)
        assert Response.objects.filter(activity=activity).count() == 3

    def test_unknown_code_or_nothing_open(self, workshop):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError):
            call_command("replay_session", "NOPE12")
        with pytest.raises(CommandError):
            call_command("replay_session", workshop.join_code)


class BatchTests:
    def test_a_batch_checks_each_vote_and_stores_each_once(self, workshop, world):
        activity = _activity(workshop, world, "statements", "A\nB")
        closed = _activity(workshop, world, "poll_single", "Ja\nNee")
        services.activity_set_status(activity=closed, actor=None, status="closed")
        a, b = _join(workshop), _join(workshop, "residents")
        other = services.workshop_create(trajectory=world.trajectory, actor=None, title="Ander")
        stranger = _join(other)
        first, second = [str(s.pk) for s in activity.statements.all()]
        V = services.Vote
        before = selectors.version(workshop.pk)
        results = services.respond_many(
            [
                V(activity.pk, a.pk, workshop.pk, first, "agree", "c1"),
                V(activity.pk, a.pk, workshop.pk, first, "disagree", "c2"),  # same item: last wins
                V(activity.pk, b.pk, workshop.pk, second, "maybe", "c3"),  # bad value
                V(activity.pk, b.pk, workshop.pk, "nope", "agree", "c4"),  # unknown statement
                V(closed.pk, b.pk, workshop.pk, "", "0", "c5"),  # closed
                V(activity.pk, stranger.pk, other.pk, first, "agree", "c6"),  # not their session
                V(activity.pk, b.pk, workshop.pk, second, "pass", "c7"),
            ]
        )
        assert [r.ok for r in results] == [True, True, False, False, False, False, True]
        assert {r.version for r in results if r.ok} == {before + 1}  # one bump for the batch
        stored = {(r.participant_id, r.item): r.value for r in Response.objects.all()}
        assert stored == {(a.pk, first): "disagree", (b.pk, second): "pass"}
        again = services.respond_many([V(activity.pk, b.pk, workshop.pk, second, "pass", "c7")])
        assert (
            again[0].ok
            and Response.objects.count() == 2
            and selectors.version(workshop.pk) == before + 1
        )


class SideLinkTests:
    def test_the_link_sets_the_side_and_a_forged_link_does_not(self, workshop, world):
        token = services.side_link_token(workshop=workshop, side="residents")
        client = Client()
        url = reverse("workshops:join", args=[workshop.join_code])
        page = client.get(url + "?kant=" + token).content.decode()
        assert "Residents" in page or "Bewoners" in page
        client.post(url, {"display_name": "Ans", "side": "municipality", "kant": token})
        assert workshop.participants.get().side == "residents"  # the link wins over the form
        other = services.workshop_create(trajectory=world.trajectory, actor=None, title="Ander")
        assert services.side_from_token(workshop=other, token=token) is None  # another session
        assert services.side_from_token(workshop=workshop, token=token + "x") is None


class CreateTests:
    def test_create_through_the_form_with_the_threshold(self, world):
        client = client_for(world, "facilitator")
        url = reverse("workshops:list", args=[world.trajectory.pk])
        bad = client.post(url, {"title": "Avond", "under_heard_ratio": "3"})
        assert bad.status_code == 200 and not world.trajectory.workshops.exists()
        client.post(url, {"title": "Avond", "under_heard_ratio": "0.5"})
        assert world.trajectory.workshops.get().under_heard_ratio == 0.5
        assert (
            client_for(world, "participant")
            .post(url, {"title": "X", "under_heard_ratio": "0.5"})
            .status_code
            == 403
        )
