"""The opinion landscape in sessions: analysis from real votes, live updates with stable groups,
the next statement by priority, the screens, and Pol.is import and export."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from rondetafel.analysis.opinion.polis_io import read_texts
from rondetafel.analysis.tests.polis_data import conversation, needs_data
from rondetafel.workshops import opinion, polis, selectors, services
from rondetafel.workshops.models import OpinionAnalysis, Participant, Response, Workshop

pytestmark = pytest.mark.django_db

STATEMENTS = [f"Stelling {i}" for i in range(8)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def voting(world):
    workshop = services.workshop_create(
        trajectory=world.trajectory, actor=world.users["facilitator"], title="Verdieping"
    )
    activity = services.activity_add(
        workshop=workshop,
        actor=world.users["facilitator"],
        kind="statements",
        title="Stellingen",
        options_text="\n".join(STATEMENTS),
    )
    return services.activity_set_status(
        activity=activity, actor=world.users["facilitator"], status="open"
    )


def _camps(activity, people_per_side=5, analyse=True):
    """Two camps that cut across the sides: 0-1 everyone agrees, 2-4 split, 5-7 the reverse.
    `analyse`: run the analysis as it runs after the votes' commit (`db` tests never commit)."""
    statements = list(activity.statements.order_by("created_at"))
    people = []
    for side in ("municipality", "market"):
        for i in range(people_per_side * 2):
            person, _key = services.participant_join(
                workshop=activity.workshop, display_name=f"{side} {i}", side=side
            )
            camp = i % 2
            for j, statement in enumerate(statements):
                if j < 2:
                    value = "agree"
                else:
                    value = "agree" if (j < 5) == bool(camp) else "disagree"
                services.respond(
                    activity=activity, participant=person, item=str(statement.pk), value=value
                )
            people.append((person, camp))
    if analyse:
        opinion.refresh_if_stale(activity.pk)
    return people, statements


def analysed(voting):
    """The landscape after the analysis that runs once the votes are committed (pytest-django's
    `db` tests never commit, so the tests run that step themselves)."""
    opinion.refresh_if_stale(voting.pk)
    return opinion.landscape(voting)


def test_a_committed_vote_refreshes_the_analysis_and_pages_only_read(
    voting, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert opinion.landscape(voting) == {"pending": True}  # nothing analysed yet
    with django_capture_on_commit_callbacks(execute=True):
        _camps(voting, analyse=False)
    stored = OpinionAnalysis.objects.get(activity=voting)
    assert stored.signature == opinion.signature(voting)
    with CaptureQueriesContext(connection) as queries:
        view = selectors.results(voting)["opinion"]
    assert view["participants"] == 20
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_groups_cut_across_sides_with_common_ground_and_differences(voting):
    _camps(voting)
    view = analysed(voting)
    assert view["participants"] == 20 and len(view["groups"]) == 2
    for group in view["groups"]:
        assert group["size"] == 10
        assert {s["side"]: s["count"] for s in group["sides"]} == {"municipality": 5, "market": 5}
        assert group["representative"]
    assert {c["text"] for c in view["common_ground"]} == {"Stelling 0", "Stelling 1"}
    assert {d["text"] for d in view["divisive"]} <= {f"Stelling {i}" for i in range(2, 8)}
    assert len(view["dots"]) == 20 and all(d[2] in ("A", "B") for d in view["dots"])
    assert all(
        0 <= d[0] <= opinion.MAP_SIZE and 0 <= d[1] <= opinion.MAP_SIZE for d in view["dots"]
    )


def test_the_analysis_reruns_only_after_new_votes_and_keeps_group_identities(
    voting, django_assert_max_num_queries
):
    people, statements = _camps(voting)
    first = analysed(voting)
    stored = OpinionAnalysis.objects.get(activity=voting)
    # the signature, the stored view and the names of the sides: no analysis
    with django_assert_max_num_queries(4):
        assert opinion.landscape(voting) == first
    labels = {g["label"]: g["size"] for g in first["groups"]}
    # Someone from camp 1 changes one vote: a new analysis, the same groups under the same letters.
    person, camp = people[1]
    services.respond(activity=voting, participant=person, item=str(statements[2].pk), value="pass")
    second = analysed(voting)
    assert OpinionAnalysis.objects.get(activity=voting).signature != stored.signature
    assert {g["label"]: g["size"] for g in second["groups"]} == labels
    after = OpinionAnalysis.objects.get(activity=voting).state["group_of"]
    assert after == stored.state["group_of"]  # everyone keeps their group, and its id


def test_moderated_out_statements_leave_the_landscape(voting, world):
    people, statements = _camps(voting)
    services.statement_moderate(
        statement=statements[0], actor=world.users["facilitator"], accept=False
    )
    view = analysed(voting)
    assert "Stelling 0" not in {c["text"] for c in view["common_ground"]}
    assert "Stelling 1" in {c["text"] for c in view["common_ground"]}


def test_too_few_votes_say_so_instead_of_drawing_nonsense(voting):
    person, _ = services.participant_join(
        workshop=voting.workshop, display_name="Eén", side="market"
    )
    services.respond(
        activity=voting, participant=person, item=str(voting.statements.first().pk), value="agree"
    )
    view = analysed(voting)
    assert view["groups"] == [] and view["note"] == "too-few"


def test_next_statement_follows_the_priorities_and_is_stable_on_reload(voting):
    _camps(voting)
    analysed(voting)
    newcomer, _ = services.participant_join(
        workshop=voting.workshop, display_name="Nieuw", side="market"
    )
    statements = list(voting.statements.order_by("created_at"))
    favourite = statements[6]
    OpinionAnalysis.objects.filter(activity=voting).update(
        priorities={str(s.pk): (1e6 if s == favourite else 1e-6) for s in statements}
    )
    order = selectors.statements_for(activity=voting, participant=newcomer)
    assert order[0] == favourite
    assert selectors.statements_for(activity=voting, participant=newcomer) == order
    # Real priorities from the analysis: the order is a permutation of the open statements.
    opinion.refresh(voting)
    real = selectors.statements_for(activity=voting, participant=newcomer)
    assert sorted(s.pk for s in real) == sorted(s.pk for s in statements)


def test_facilitator_page_and_presenter_screen_show_the_landscape(voting, world):
    _camps(voting)
    workshop = voting.workshop
    facilitator = _client(world, "facilitator")
    page = facilitator.get(
        reverse("workshops:opinion", args=[world.trajectory.pk, workshop.pk, voting.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "Common ground: every group agrees" in html and "Group A" in html
    assert html.count('class="rt-opinion__dot') == 20
    fragment = facilitator.get(
        reverse("workshops:opinion_fragment", args=[world.trajectory.pk, workshop.pk, voting.pk])
    )
    assert "Where we differ" in fragment.content.decode()
    screen = _client(world, "participant", language="nl").get(
        reverse("workshops:screen_fragment", args=[world.trajectory.pk, workshop.pk])
    )
    assert "Gedeelde basis: elke groep is het eens" in screen.content.decode()


def test_statement_text_is_escaped_on_the_map_page(voting, world):
    person, _ = services.participant_join(workshop=voting.workshop, display_name="X", side="market")
    services.statement_submit(activity=voting, participant=person, text="<script>alert(1)</script>")
    statement = voting.statements.get(text__startswith="<script>")
    services.statement_moderate(statement=statement, actor=world.users["facilitator"], accept=True)
    _camps(voting)
    page = _client(world, "facilitator").get(
        reverse("workshops:opinion", args=[world.trajectory.pk, voting.workshop.pk, voting.pk])
    )
    assert "<script>alert(1)" not in page.content.decode()


def test_only_statement_voting_has_a_landscape(voting, world):
    other = services.activity_add(
        workshop=voting.workshop,
        actor=world.users["facilitator"],
        kind="poll_single",
        title="Poll",
        options_text="Ja\nNee",
    )
    response = _client(world, "facilitator").get(
        reverse("workshops:opinion", args=[world.trajectory.pk, voting.workshop.pk, other.pk])
    )
    assert response.status_code == 404


def _client(world, role, language="en"):
    from django.conf import settings

    client = client_for(world, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch
    return client


COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"


def _export_text(n_voters=12, bad_rows=""):
    comments = COMMENTS + "".join(f"{i},x,{i},0,0,0,1,Uitspraak {i}\n" for i in range(6))
    comments += "9,x,6,0,0,0,-1,Weggemodereerd\n"
    votes = "timestamp,datetime,comment-id,voter-id,vote\n"
    t = 100
    for voter in range(n_voters):
        for cid in range(6):
            t += 1
            vote = 1 if (cid < 3) == (voter % 2 == 0) else -1
            votes += f"{t},x,{cid},{voter},{vote}\n"
    return comments, votes + bad_rows


def _upload(client, world, comments, votes, keep_valid="1"):
    return client.post(
        reverse("workshops:polis_import", args=[world.trajectory.pk]),
        {
            "title": "",
            "comments": SimpleUploadedFile("comments.csv", comments.encode()),
            "votes": SimpleUploadedFile("votes.csv", votes.encode()),
            "keep_valid": keep_valid,
        },
    )


def test_importing_a_clean_export_makes_a_finished_session_with_its_landscape(world):
    comments, votes = _export_text()
    response = _upload(_client(world, "facilitator"), world, comments, votes)
    assert response.status_code == 302
    workshop = Workshop.objects.get(trajectory=world.trajectory, status="closed")
    activity = workshop.activities.get()
    assert activity.kind == "statements" and activity.status == "closed"
    assert activity.statements.count() == 7
    assert activity.statements.get(text="Weggemodereerd").status == "rejected"
    assert Participant.objects.filter(workshop=workshop).count() == 12
    assert Response.objects.filter(activity=activity).count() == 72
    view = OpinionAnalysis.objects.get(activity=activity).view
    assert len(view["groups"]) == 2


def test_bad_rows_are_reported_and_the_good_ones_kept_or_none_as_chosen(world):
    comments, votes = _export_text(bad_rows="999,x,3,1,5\n1000,x,77,1,1\n")
    facilitator = _client(world, "facilitator")
    refused = _upload(facilitator, world, comments, votes, keep_valid="0")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert (
        "Nothing was imported" in html
        and "not 5" in html
        and "statement 77 is not in comments.csv" in html
    )
    assert not Workshop.objects.filter(trajectory=world.trajectory).exists()

    kept = _upload(facilitator, world, comments, votes, keep_valid="1")
    assert kept.status_code == 400 and "Imported, with rows skipped" in kept.content.decode()
    activity = Workshop.objects.get(trajectory=world.trajectory).activities.get()
    assert Response.objects.filter(activity=activity).count() == 72


@pytest.mark.parametrize(
    ("comments", "votes", "message"),
    [
        ("a,b\n1,2\n", "timestamp,comment-id,voter-id,vote\n", "columns are missing"),
        (COMMENTS, "timestamp,datetime,comment-id,voter-id,vote\n", "no statements or no votes"),
    ],
)
def test_files_that_are_not_an_export_get_a_clear_error(world, comments, votes, message):
    response = _upload(_client(world, "facilitator"), world, comments, votes)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Workshop.objects.filter(trajectory=world.trajectory).exists()


def test_a_file_that_is_not_utf8_is_refused(world):
    response = _client(world, "facilitator").post(
        reverse("workshops:polis_import", args=[world.trajectory.pk]),
        {
            "comments": SimpleUploadedFile("comments.csv", b"\xff\xfe\x00bad"),
            "votes": SimpleUploadedFile("votes.csv", b"x"),
            "keep_valid": "1",
        },
    )
    assert response.status_code == 400 and "not a UTF-8 text file" in response.content.decode()


def test_only_the_facilitator_imports(world):
    comments, votes = _export_text()
    response = _upload(_client(world, "participant"), world, comments, votes)
    assert response.status_code == 403


def test_export_reads_back_as_the_same_conversation(voting, world):
    _camps(voting)
    analysed(voting)
    response = _client(world, "facilitator").get(
        reverse(
            "workshops:activity_polis_export",
            args=[world.trajectory.pk, voting.workshop.pk, voting.pk],
        )
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name).decode() for name in archive.namelist()}
    back = read_texts(
        files["comments.csv"],
        files["votes.csv"],
        files["participants-votes.csv"],
        files["summary.csv"],
    )
    assert back.problems == [] and len(back.votes) == 160 and len(back.comments) == 8
    assert sorted(back.group_id.values()).count(back.group_id[0]) == 10
    # And it imports again, as a new session with the same groups.
    outcome = polis.import_export(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        comments_csv=files["comments.csv"],
        votes_csv=files["votes.csv"],
    )
    view = OpinionAnalysis.objects.get(activity=outcome.workshop.activities.get()).view
    assert sorted(g["size"] for g in view["groups"]) == [10, 10]


@needs_data
def test_a_real_conversation_imports_with_polis_groups_recovered(world):
    folder = conversation("bg2050-volunteers")
    outcome = polis.import_export(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        comments_csv=(folder / "comments.csv").read_text(encoding="utf-8"),
        votes_csv=(folder / "votes.csv").read_text(encoding="utf-8"),
        participants_votes_csv=(folder / "participants-votes.csv").read_text(encoding="utf-8"),
    )
    assert outcome.problems == [] and outcome.participants == 126 and outcome.statements == 371
    view = OpinionAnalysis.objects.get(activity=outcome.workshop.activities.get()).view
    assert sorted(g["size"] for g in view["groups"]) == [8, 99]  # Pol.is: 100 and 8


@needs_data
def test_the_cli_prints_groups_and_consensus(capsys):
    out = io.StringIO()
    call_command("analyse_polis", str(conversation("vtaiwan.uberx")), stdout=out)
    text = out.getvalue()
    assert "Agreement with Pol.is's own groups (ARI): 0.9" in text
    assert "Group A" in text and "Group B" in text and "Majority agrees" in text


def test_the_cli_refuses_a_folder_that_is_not_an_export(tmp_path):
    with pytest.raises(CommandError, match="has no comments.csv"):
        call_command("analyse_polis", str(tmp_path))


def test_the_polis_export_runs_no_formula_from_a_phone(voting, world):
    person, _key = services.participant_join(
        workshop=voting.workshop, display_name="", side="municipality"
    )
    services.statement_submit(
        activity=voting, participant=person, text='=HYPERLINK("http://evil.example","klik")'
    )
    files = polis.export_files(voting)
    rows = list(csv.reader(io.StringIO(files["comments.csv"])))
    texts = [row[-1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","klik")' in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


@needs_data
def test_an_older_export_without_votes_csv_imports_through_the_page(world):
    folder = conversation("bg2050-volunteers")
    response = _client(world, "facilitator").post(
        reverse("workshops:polis_import", args=[world.trajectory.pk]),
        {
            "comments": SimpleUploadedFile("comments.csv", (folder / "comments.csv").read_bytes()),
            "participants_votes": SimpleUploadedFile(
                "participants-votes.csv", (folder / "participants-votes.csv").read_bytes()
            ),
            "keep_valid": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = Workshop.objects.get(trajectory=world.trajectory)
    view = OpinionAnalysis.objects.get(activity=workshop.activities.get()).view
    assert sorted(g["size"] for g in view["groups"]) == [8, 99]  # as with votes.csv


def test_an_import_with_neither_votes_file_says_what_to_add(world):
    comments, _votes = _export_text()
    response = _client(world, "facilitator").post(
        reverse("workshops:polis_import", args=[world.trajectory.pk]),
        {"comments": SimpleUploadedFile("comments.csv", comments.encode()), "keep_valid": "1"},
    )
    assert response.status_code == 400
    assert "Add votes.csv, or participants-votes.csv" in response.content.decode()
    assert not Workshop.objects.filter(trajectory=world.trajectory).exists()


@needs_data
def test_the_cli_analyses_an_older_export_from_its_wide_matrix(tmp_path):
    import shutil

    for file in ("comments.csv", "participants-votes.csv", "summary.csv"):
        shutil.copy(conversation("vtaiwan.uberx") / file, tmp_path / file)
    out = io.StringIO()
    call_command("analyse_polis", str(tmp_path), stdout=out)
    assert "Agreement with Pol.is's own groups (ARI): 0.9" in out.getvalue()
    (tmp_path / "participants-votes.csv").unlink()
    with pytest.raises(CommandError, match="has no votes.csv"):
        call_command("analyse_polis", str(tmp_path))
