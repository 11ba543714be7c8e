"""Activity types are plugins: a type registered here, inside the test run, with templates of
its own, goes through the phone page, the form fallback, the WebSocket, the results, the
presenter screen, the session report, the CSV export and replay, while no other file of the
product knows it. And every numeric type refuses what is not a number it can use, costing no
other participant their answer."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from rondetafel.workshops import selectors, services
from rondetafel.workshops.activities import ActivityType, activity_types
from rondetafel.workshops.activities.base import whole_number
from rondetafel.workshops.models import Response

from .test_consumers import _socket, run

pytestmark = pytest.mark.django_db(transaction=True)
LIGHTS = ("green", "amber", "red")
TEMPLATES_DIR = Path(__file__).parent / "plugin_templates"


class TrafficLight(ActivityType):
    """A light and a score from 1 to 10: how ready is the room?"""

    def value_from_fields(self, activity, fields):
        return {"light": fields.get("light", ""), "score": fields.get("score", "")}

    def clean(self, activity, item, value, known_items=None):
        if not isinstance(value, dict) or value.get("light") not in LIGHTS:
            raise ValidationError("Choose a light.")
        score = whole_number(value.get("score"), "Give a score from 1 to 10.")
        if not 1 <= score <= 10:
            raise ValidationError("Give a score from 1 to 10.")
        return {"light": value["light"], "score": score}

    def results(self, activity, responses, sides):
        counts = Counter(r.value["light"] for r in responses)
        scores = [r.value["score"] for r in responses]
        return {
            "lights": [{"light": light, "count": counts[light]} for light in LIGHTS],
            "mean": round(sum(scores) / len(scores), 1) if scores else "-",
        }

    def phone_context(self, activity, participant):
        return {**super().phone_context(activity, participant), "lights": LIGHTS}

    def export_value(self, activity, value):
        return f"{value['light'].upper()} {value['score']}/10"

    def simulate(self, activity, rng):
        return [("", {"light": rng.choice(LIGHTS), "score": rng.randint(1, 10)})]


@pytest.fixture
def traffic_light():
    activity_types.register("traffic_light")(TrafficLight("traffic_light", "Traffic light"))
    engine = {**settings.TEMPLATES[0], "DIRS": [TEMPLATES_DIR, *settings.TEMPLATES[0]["DIRS"]]}
    with override_settings(TEMPLATES=[engine, *settings.TEMPLATES[1:]]):
        yield
    activity_types.unregister("traffic_light")


@pytest.fixture
def session(world, traffic_light):
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(trajectory=world.trajectory, actor=facilitator, title="S")
    activity = services.activity_add(
        workshop=workshop, actor=facilitator, kind="traffic_light", title="Klaar voor de start?"
    )
    services.activity_set_status(activity=activity, actor=facilitator, status="open")
    services.activity_show_results(activity=activity, actor=facilitator, visible=True)
    return workshop, activity


def _phone(workshop, side="municipality"):
    phone = Client()
    phone.post(
        reverse("workshops:join", args=[workshop.join_code]), {"display_name": "", "side": side}
    )
    return phone


def test_a_type_registered_in_the_test_run_works_end_to_end(session, world):
    workshop, activity = session
    facilitator = world.users["facilitator"]
    # The console offers it.
    console = Client()
    console.force_login(facilitator)
    page = console.get(reverse("workshops:console", args=[world.trajectory.pk, workshop.pk]))
    assert '<option value="traffic_light">Traffic light</option>' in page.content.decode()

    # The phone page renders the type's own template.
    phone = _phone(workshop)
    live = phone.get(reverse("workshops:live", args=[workshop.join_code])).content.decode()
    assert "Traffic light: how ready are we?" in live and 'name="score"' in live

    # The form fallback: a bad score is refused with the type's message, a good one stored.
    respond = reverse("workshops:respond", args=[workshop.join_code, activity.pk])
    bad = phone.post(respond, {"light": "green", "score": "Infinity"}, follow=True)
    assert "Give a score from 1 to 10." in bad.content.decode()
    assert Response.objects.count() == 0
    good = phone.post(respond, {"light": "green", "score": "8"}, follow=True)
    assert Response.objects.get().value == {"light": "green", "score": 8}
    # ... and the phone now sees the results, drawn by the type's results template.
    assert "green: 1" in good.content.decode()

    # The WebSocket: the same form fields, parsed by the same type.
    other = _phone(workshop)
    key = other.cookies["rt_participant"].value

    async def scenario():
        socket = _socket(workshop.join_code, key)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await socket.send_json_to(
            {
                "type": "respond",
                "activity": str(activity.pk),
                "form": {"light": ["red"], "score": ["1e400"]},
                "client_id": "w1",
            }
        )
        refused = await socket.receive_json_from()
        await socket.send_json_to(
            {
                "type": "respond",
                "activity": str(activity.pk),
                "form": {"light": ["red"], "score": ["3"]},
                "client_id": "w2",
            }
        )
        replies = [await socket.receive_json_from() for _ in range(2)]
        await socket.disconnect()
        return refused, replies

    refused, replies = run(scenario)
    assert refused["type"] == "error" and refused["detail"] == "Give a score from 1 to 10."
    assert "ack" in {r["type"] for r in replies}
    results = selectors.results(activity)
    assert results["lights"][0] == {"light": "green", "count": 1}
    assert results["lights"][2] == {"light": "red", "count": 1} and results["mean"] == 5.5

    # The presenter screen and the session report show the type's results.
    screen = console.get(
        reverse("workshops:screen_fragment", args=[world.trajectory.pk, workshop.pk])
    )
    assert "red: 1" in screen.content.decode()
    report = console.get(reverse("workshops:report", args=[world.trajectory.pk, workshop.pk]))
    assert "Klaar voor de start?" in report.content.decode()
    assert re.search(r"Mean score 5[.,]5", report.content.decode())  # localised: 5,5 in Dutch

    # The CSV export uses the type's own cell.
    export = console.get(
        reverse("workshops:activity_export", args=[world.trajectory.pk, workshop.pk, activity.pk])
    )
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert sorted(r[3] for r in rows[1:]) == ["GREEN 8/10", "RED 3/10"]

    # Replay: simulated participants answer as the type simulates them.
    call_command("replay_session", workshop.join_code, participants=5, seconds=0, seed=3)
    assert Response.objects.filter(activity=activity).count() == 7
    assert all(
        r.value["light"] in LIGHTS and 1 <= r.value["score"] <= 10
        for r in Response.objects.filter(activity=activity)
    )


def test_no_file_outside_a_types_module_names_an_activity_kind():
    """The registry is the only place kinds are told apart: no `kind ==` outside the types'
    own modules and templates."""
    root = Path(__file__).resolve().parents[2]
    kinds = [key for key, _type in activity_types.items()]
    offenders = []
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or "/activities/" in relative:
            continue
        if relative.startswith(("demo/", "workshops/polis.py")):
            continue  # the demo and the Pol.is import create activities of a given kind
        text = path.read_text(encoding="utf-8")
        for kind in kinds:
            for quoted in (f'kind == "{kind}"', f"kind == '{kind}'", f'"{kind}" in kind'):
                if quoted in text:
                    offenders.append((relative, kind))
        if any(
            branch in text
            for branch in (
                "activity.kind ==",
                "activity.kind !=",
                "activity.kind in (",
                "activity.kind.startswith",
            )
        ):
            offenders.append((relative, "kind branch"))
    assert offenders == []


# --- bad numbers, for every numeric type -------------------------------------------------------

NUMERIC = {
    "scale_5": ("", {"value": ["4"]}),
    "scale_10": ("", {"value": ["7"]}),
    "poll_single": ("Ja\nNee\nMisschien", {"value": ["1"]}),
    "poll_multiple": ("Ja\nNee\nMisschien", {"value": ["0", "2"]}),
    "ranking": ("Eén\nTwee\nDrie", {"rank-0": ["2"], "rank-1": ["1"], "rank-2": ["3"]}),
    "allocation": ("Eén\nTwee", {"points-0": ["60"], "points-1": ["40"]}),
    "grid": (
        "x: Impact\ny: Moeite\nEén\nTwee",
        {"x-0": ["3"], "y-0": ["4"], "x-1": ["9"], "y-1": ["1"]},
    ),
}
BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "twee", "2.5", "", "9" * 40]


def _bad_votes(good, **phone):
    """The good form with each of its numbers replaced by each bad one; then raw values as a
    WebSocket message may carry them: oversized lists and maps, a string, a bare NaN."""
    from django.utils.datastructures import MultiValueDict

    for bad in BAD_NUMBERS:
        form = MultiValueDict({name: [bad for _v in values] for name, values in good.items()})
        yield services.vote_from_form(form, **phone)
    for raw in (list(range(10_000)), {str(i): [1, 1] for i in range(10_000)}, "veel", float("nan")):
        yield services.Vote(item="", value=raw, client_id="", **phone)


@pytest.mark.parametrize("kind", sorted(NUMERIC))
def test_bad_numbers_cost_only_their_own_answer(world, kind):
    from django.utils.datastructures import MultiValueDict

    options, good = NUMERIC[kind]
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(trajectory=world.trajectory, actor=facilitator, title="S")
    activity = services.activity_add(
        workshop=workshop, actor=facilitator, kind=kind, title="Getallen", options_text=options
    )
    services.activity_set_status(activity=activity, actor=facilitator, status="open")
    honest, _k = services.participant_join(workshop=workshop, display_name="", side="municipality")
    rogue, _k = services.participant_join(workshop=workshop, display_name="", side="municipality")
    phone = {"activity_id": activity.pk, "participant_id": rogue.pk, "workshop_id": workshop.pk}
    for bad in _bad_votes(good, **phone):
        results = services.respond_many(
            [
                bad,
                services.vote_from_form(
                    MultiValueDict(good),
                    activity_id=activity.pk,
                    participant_id=honest.pk,
                    workshop_id=workshop.pk,
                ),
            ]
        )
        assert not results[0].ok and results[0].code == "invalid" and results[0].detail, bad
        assert results[1].ok, bad
    assert list(Response.objects.values_list("participant", flat=True)) == [honest.pk]


def test_one_bad_answer_in_a_socket_batch_costs_nobody_else(world):
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(trajectory=world.trajectory, actor=facilitator, title="S")
    activity = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="allocation",
        title="Punten",
        options_text="Eén\nTwee",
    )
    services.activity_set_status(activity=activity, actor=facilitator, status="open")
    _a, key_a = services.participant_join(workshop=workshop, display_name="", side="municipality")
    _b, key_b = services.participant_join(workshop=workshop, display_name="", side="municipality")

    def answer(points, client_id):
        return json.dumps(
            {
                "type": "respond",
                "activity": str(activity.pk),
                "form": {"points-0": [points], "points-1": ["40"]},
                "client_id": client_id,
            }
        )

    async def scenario():
        rogue, honest = _socket(workshop.join_code, key_a), _socket(workshop.join_code, key_b)
        assert (await rogue.connect())[0] and (await honest.connect())[0]
        await rogue.receive_json_from()
        await honest.receive_json_from()
        # Sent together, so they share a batch.
        await rogue.send_to(answer("1e400", "r1"))
        await honest.send_to(answer("60", "h1"))
        to_rogue = await rogue.receive_json_from()
        to_honest = [await honest.receive_json_from() for _ in range(2)]
        # Both sockets stay open: each can still answer.
        await rogue.send_to(answer("60", "r2"))
        again = [await rogue.receive_json_from() for _ in range(2)]
        await rogue.disconnect()
        await honest.disconnect()
        return to_rogue, to_honest, again

    to_rogue, to_honest, again = run(scenario)
    assert to_rogue["type"] == "error" and to_rogue["code"] == "invalid"
    assert "ack" in {m["type"] for m in to_honest}
    assert "ack" in {m["type"] for m in again}
    assert Response.objects.count() == 2
