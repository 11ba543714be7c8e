"""Session design (step 3): blocks and activities edited, reordered, moved and removed with the
times following; a session copied; sessions from the method library; the run sheet."""

import datetime
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import client_for
from rondetafel.workshops import selectors
from rondetafel.workshops import services as ws
from rondetafel.workshops.library import METHODS


@pytest.fixture
def session(world):
    starts = datetime.datetime(2027, 3, 4, 19, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    workshop = ws.workshop_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title="Avond",
        starts_at=starts,
    )
    for title, minutes in (("Welkom", 10), ("Stellingen", 30), ("Afsluiting", 15)):
        ws.block_add(workshop=workshop, actor=None, kind="plenary", title=title, minutes=minutes)
    return workshop


def _times(workshop):
    return [(b.title, s.strftime("%H:%M")) for b, s, _e in selectors.agenda_times(workshop)]


def test_moving_and_changing_blocks_recomputes_the_times(world, session):
    assert _times(session) == [
        ("Welkom", "19:00"),
        ("Stellingen", "19:10"),
        ("Afsluiting", "19:40"),
    ]
    stellingen = session.blocks.get(title="Stellingen")
    ws.block_move(block=stellingen, actor=None, step=-1)
    assert _times(session) == [
        ("Stellingen", "19:00"),
        ("Welkom", "19:30"),
        ("Afsluiting", "19:40"),
    ]
    ws.block_update(block=stellingen, actor=None, title="Stellingen", goal="", minutes=45)
    assert _times(session)[1] == ("Welkom", "19:45")
    with pytest.raises(ValidationError):
        ws.block_move(block=stellingen, actor=None, step=-1)  # already first


def test_a_running_block_does_not_move_and_is_not_removed(world, session):
    welkom = session.blocks.get(title="Welkom")
    ws.block_start(block=welkom, actor=None)
    with pytest.raises(ValidationError, match="gestart|started"):
        ws.block_move(block=session.blocks.get(title="Stellingen"), actor=None, step=-1)
    with pytest.raises(ValidationError):
        ws.block_remove(block=welkom, actor=None)
    assert session.blocks.count() == 3


def test_removing_a_block_keeps_its_activities_and_an_activity_with_answers_stays(world, session):
    block = session.blocks.get(title="Stellingen")
    activity = ws.activity_add(
        workshop=session,
        actor=None,
        kind="poll_single",
        title="Kiezen",
        options_text="A\nB",
        block=block,
    )
    ws.block_remove(block=block, actor=None)
    activity.refresh_from_db()
    assert activity.block is None and [b.position for b in session.blocks.all()] == [1, 2]
    ws.workshop_set_status(workshop=session, actor=None, status="live")
    ws.activity_set_status(activity=activity, actor=None, status="open")
    participant, _key = ws.participant_join(workshop=session, display_name="", side="residents")
    ws.respond(activity=activity, participant=participant, value=[0])
    ws.activity_set_status(activity=activity, actor=None, status="closed")
    with pytest.raises(ValidationError, match="antwoorden|answers"):
        ws.activity_remove(activity=activity, actor=None)
    assert activity.responses.count() == 1  # nothing lost
    empty = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="Woord")
    ws.activity_remove(activity=empty, actor=None)
    assert not session.activities.filter(title="Woord").exists()


def test_activities_reorder_and_move_between_blocks(world, session):
    first = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="Een")
    second = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="Twee")
    ws.activity_move(activity=second, actor=None, step=-1)
    assert [a.title for a in session.activities.order_by("position")] == ["Twee", "Een"]
    block = session.blocks.get(title="Afsluiting")
    ws.activity_move(activity=first, actor=None, block=block, to_block=True)
    first.refresh_from_db()
    assert first.block == block


def test_a_copy_has_the_agenda_and_activities_but_no_people_or_answers(world, session):
    ws.activity_add(
        workshop=session, actor=None, kind="statements", title="Stel", options_text="Eens?\nOneens?"
    )
    ws.participant_join(workshop=session, display_name="Ann", side="residents")
    copy = ws.workshop_duplicate(workshop=session, actor=world.users["facilitator"])
    assert copy.join_code != session.join_code and copy.status == "planned"
    assert [b.title for b in copy.blocks.order_by("position")] == [
        "Welkom",
        "Stellingen",
        "Afsluiting",
    ]
    assert [s.text for s in copy.activities.get().statements.all()] == ["Eens?", "Oneens?"]
    assert not copy.participants.exists()


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_in_the_library_sets_up_a_session(world, method):
    workshop = ws.workshop_from_method(
        trajectory=world.trajectory, actor=world.users["facilitator"], method=method
    )
    recipe = METHODS[method]
    assert [b.minutes for b in workshop.blocks.order_by("position")] == [
        p.minutes for p in recipe.blocks
    ]
    assert workshop.activities.count() == sum(len(p.activities) for p in recipe.blocks)
    assert all(b.goal for b in workshop.blocks.all())


def test_the_deepening_session_has_its_sub_session_round(world):
    workshop = ws.workshop_from_method(trajectory=world.trajectory, actor=None, method="deepening")
    assert [b.kind for b in workshop.blocks.order_by("position")] == [
        "plenary",
        "subsessions",
        "plenary",
        "plenary",
    ]
    with pytest.raises(ValidationError):
        ws.workshop_from_method(trajectory=world.trajectory, actor=None, method="nonsense")


def test_the_console_moves_and_refuses_and_the_run_sheet_lists_the_agenda(world, session):
    client = client_for(world, "facilitator")
    t = world.trajectory.pk
    afsluiting = session.blocks.get(title="Afsluiting")
    url = reverse("workshops:block_control", args=[t, session.pk, afsluiting.pk])
    client.post(url, {"command": "up"})
    assert _times(session)[1][0] == "Afsluiting"
    response = client.post(url, {"command": "edit", "title": "", "minutes": "0"}, follow=True)
    assert "Dit veld is verplicht" in response.content.decode()
    assert client_for(world, "participant").post(url, {"command": "up"}).status_code == 403
    pdf = client.get(reverse("workshops:run_sheet", args=[t, session.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    order = [text.index(x) for x in ("Welkom", "Afsluiting", "Stellingen")]
    assert order == sorted(order) and "19:00" in text


def test_dragging_reorders_the_blocks_still_to_come_and_keeps_what_ran(world, session):
    welkom, stellingen, afsluiting = session.blocks.order_by("position")
    ws.block_start(block=welkom, actor=None)
    ws.blocks_reorder(workshop=session, actor=None, order=[afsluiting.pk, stellingen.pk])
    assert [b.title for b in session.blocks.order_by("position")] == [
        "Welkom",
        "Afsluiting",
        "Stellingen",
    ]
    with pytest.raises(ValidationError):  # a started block is not among what may move
        ws.blocks_reorder(
            workshop=session, actor=None, order=[welkom.pk, stellingen.pk, afsluiting.pk]
        )
    with pytest.raises(ValidationError):  # an order from a page that is out of date
        ws.blocks_reorder(workshop=session, actor=None, order=[stellingen.pk])


def test_an_activity_is_renamed_and_an_empty_title_refused(world, session):
    activity = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="Woord")
    client = client_for(world, "facilitator")
    url = reverse("workshops:activity_design", args=[world.trajectory.pk, session.pk, activity.pk])
    client.post(url, {"command": "rename", "title": "Eén woord"})
    activity.refresh_from_db()
    assert activity.title == "Eén woord"
    response = client.post(url, {"command": "rename", "title": "  "}, follow=True)
    activity.refresh_from_db()
    assert (
        activity.title == "Eén woord" and "Dit veld kan niet leeg zijn" in response.content.decode()
    )


def test_the_library_says_what_each_method_brings(world):
    html = (
        client_for(world, "facilitator")
        .get(reverse("workshops:list", args=[world.trajectory.pk]))
        .content.decode()
    )
    assert "Verdiepingssessie over de overeenkomst" in html
    assert "een gespreksleider per deelsessie" in html and "Materialen" in html
    other = client_for(world, "observer").get(reverse("workshops:list", args=[world.trajectory.pk]))
    assert "Materialen" not in other.content.decode()  # planning is the facilitator's


def test_dragged_activities_keep_their_blocks(world, session):
    block = session.blocks.get(title="Stellingen")
    a = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="A", block=block)
    b = ws.activity_add(workshop=session, actor=None, kind="wordcloud", title="B")
    ws.activities_reorder(workshop=session, actor=None, order=[b.pk, a.pk])
    assert [x.title for x in session.activities.order_by("position")] == ["B", "A"]
    a.refresh_from_db()
    assert a.block == block
    with pytest.raises(ValidationError):
        ws.activities_reorder(workshop=session, actor=None, order=[a.pk])
