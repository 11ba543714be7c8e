"""The session WebSocket through the real ASGI application (auth, cookies, origin check) with the
in-memory channel layer: snapshot on connect, votes with acks, error frames that change nothing,
and broadcasts to everyone in the session."""

import asyncio
import concurrent.futures
import json

import pytest
from asgiref.testing import ApplicationCommunicator

from rondetafel.workshops import services
from rondetafel.workshops.constants import PARTICIPANT_COOKIE
from rondetafel.workshops.models import Response

pytestmark = pytest.mark.django_db(transaction=True)


def run(coroutine_function):
    """Each test's async part in a thread of its own, with its own event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def _application():
    from rondetafel.asgi import application

    return application


class Socket(ApplicationCommunicator):
    """A WebSocket client speaking ASGI to the real application. (Channels' own communicator
    lives in a package that imports Daphne, which we do not otherwise need.)"""

    def __init__(self, path, headers):
        super().__init__(
            _application(),
            {
                "type": "websocket",
                "path": path,
                "headers": headers,
                "subprotocols": [],
                "query_string": b"",
                "client": ["127.0.0.1", 5000],
                "server": ["127.0.0.1", 80],
            },
        )

    async def connect(self, timeout=5):
        await self.send_input({"type": "websocket.connect"})
        reply = await self.receive_output(timeout)
        if reply["type"] == "websocket.close":
            return False, reply.get("code", 1000)
        return True, reply.get("subprotocol")

    async def send_to(self, text_data):
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data):
        await self.send_to(json.dumps(data))

    async def receive_json_from(self, timeout=5):
        reply = await self.receive_output(timeout)
        assert reply["type"] == "websocket.send", reply
        return json.loads(reply["text"])

    async def disconnect(self, code=1000, timeout=5):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def _socket(code, key=None):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if key:
        headers.append((b"cookie", f"{PARTICIPANT_COOKIE}={key}".encode()))
    return Socket(f"/ws/sessions/{code}/", headers)


@pytest.fixture
def live(world):
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Live"
    )
    poll = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="poll_single",
        title="Kiezen",
        options_text="Ja\nNee",
    )
    services.activity_set_status(activity=poll, actor=facilitator, status="open")
    a, key_a = services.participant_join(workshop=workshop, display_name="A", side="market")
    b, key_b = services.participant_join(workshop=workshop, display_name="B", side="municipality")
    return workshop, poll, key_a, key_b


def test_snapshot_vote_ack_and_broadcast(live, world):
    from django.test import Client

    workshop, poll, key_a, key_b = live
    browser = Client()
    browser.force_login(world.users["facilitator"])
    session = browser.cookies["sessionid"].value

    async def scenario():
        first, second = _socket(workshop.join_code, key_a), _socket(workshop.join_code, key_b)
        screen = Socket(
            f"/ws/sessions/{workshop.join_code}/",
            [
                (b"origin", b"http://localhost"),
                (b"host", b"localhost"),
                (b"cookie", f"sessionid={session}".encode()),
            ],
        )
        assert (
            (await first.connect())[0]
            and (await second.connect())[0]
            and (await screen.connect())[0]
        )
        assert "results" in await screen.receive_json_from()
        snap = await first.receive_json_from()
        assert snap["type"] == "workshop.snapshot" and str(poll.pk) in snap["phone_key"]
        await second.receive_json_from()
        await first.send_json_to(
            {"type": "respond", "activity": str(poll.pk), "value": 1, "client_id": "v1"}
        )
        replies = [await first.receive_json_from(timeout=5) for _ in range(2)]
        ack = next(r for r in replies if r["type"] == "ack")
        pushed = await second.receive_json_from(timeout=5)
        assert pushed["type"] == "workshop.snapshot" and pushed["version"] >= ack["version"]
        assert set(pushed) == {"type", "version", "phone_key"}  # phones get the small snapshot
        full = await screen.receive_json_from(timeout=5)
        while full["version"] < ack["version"]:
            full = await screen.receive_json_from(timeout=5)
        assert [o["count"] for o in full["results"]["rows"]] == [0, 1]  # the screen the results
        # the same client id again: acknowledged, stored once
        await first.send_json_to(
            {"type": "respond", "activity": str(poll.pk), "value": 1, "client_id": "v1"}
        )
        assert (await first.receive_json_from(timeout=5))["type"] == "ack"  # and no new snapshot
        await first.disconnect()
        await second.disconnect()
        await screen.disconnect()

    run(scenario)
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "message, code",
    [
        ("not json", "malformed"),
        (json.dumps(["a list"]), "malformed"),
        (json.dumps({"type": "respond", "activity": "x" * 5000}), "too_large"),
        (json.dumps({"type": "explode"}), "unknown_type"),
        (json.dumps({"type": "respond", "activity": "nonsense", "value": 1}), "invalid"),
        (json.dumps({"type": "respond", "activity": "ACTIVITY", "value": 9}), "invalid"),
    ],
)
def test_bad_messages_get_an_error_frame_and_change_nothing(live, message, code):
    workshop, poll, key_a, _key_b = live
    message = message.replace("ACTIVITY", str(poll.pk))

    async def scenario():
        socket = _socket(workshop.join_code, key_a)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await socket.send_to(text_data=message)
        reply = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return reply

    reply = run(scenario)
    assert reply["type"] == "error" and reply["code"] == code and reply["detail"]
    assert Response.objects.count() == 0


def test_closed_activity_refuses_late_votes_over_the_socket(live, world):
    workshop, poll, key_a, _key_b = live
    services.activity_set_status(activity=poll, actor=world.users["facilitator"], status="closed")

    async def scenario():
        socket = _socket(workshop.join_code, key_a)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await socket.send_json_to({"type": "respond", "activity": str(poll.pk), "value": 0})
        reply = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return reply

    reply = run(scenario)
    assert reply["code"] == "invalid" and (
        "closed" in reply["detail"] or "gesloten" in reply["detail"]
    )
    assert Response.objects.count() == 0


def test_strangers_are_refused_and_viewers_cannot_vote(live, world):
    workshop, poll, _key_a, _key_b = live

    async def scenario():
        stranger = _socket(workshop.join_code, "forged-key")
        refused, code = await stranger.connect()
        wrong_code = _socket("NOPE99")
        refused_code, _ = await wrong_code.connect()
        return refused, code, refused_code

    connected, close_code, connected_wrong = run(scenario)
    assert not connected and close_code == 4403 and not connected_wrong


def test_a_viewer_without_a_participant_identity_cannot_vote(live, world):
    from django.test import Client

    workshop, poll, _key_a, _key_b = live
    browser = Client()
    browser.force_login(world.users["observer"])
    session = browser.cookies["sessionid"].value

    async def scenario():
        socket = Socket(
            f"/ws/sessions/{workshop.join_code}/",
            [
                (b"origin", b"http://localhost"),
                (b"host", b"localhost"),
                (b"cookie", f"sessionid={session}".encode()),
            ],
        )
        connected, _ = await socket.connect()
        assert connected  # members may watch
        await socket.receive_json_from()
        await socket.send_json_to({"type": "respond", "activity": str(poll.pk), "value": 0})
        reply = await socket.receive_json_from()
        await socket.disconnect()
        return reply

    reply = run(scenario)
    assert reply["type"] == "error" and reply["code"] == "forbidden"
    assert Response.objects.count() == 0


def test_a_member_removed_from_the_trajectory_is_cut_off_the_live_session(live, world):
    from django.test import Client

    from rondetafel.trajectories.services import membership_remove

    workshop, _poll, _key_a, _key_b = live
    browser = Client()
    browser.force_login(world.users["observer"])
    session = browser.cookies["sessionid"].value

    async def scenario():
        socket = Socket(
            f"/ws/sessions/{workshop.join_code}/",
            [
                (b"origin", b"http://localhost"),
                (b"host", b"localhost"),
                (b"cookie", f"sessionid={session}".encode()),
            ],
        )
        connected, _ = await socket.connect()
        assert connected
        await socket.receive_json_from()
        from channels.db import database_sync_to_async

        await database_sync_to_async(membership_remove)(
            membership=world.memberships["observer"], actor=world.users["facilitator"]
        )
        reply = await socket.receive_output(5)
        again = Socket(
            f"/ws/sessions/{workshop.join_code}/",
            [
                (b"origin", b"http://localhost"),
                (b"host", b"localhost"),
                (b"cookie", f"sessionid={session}".encode()),
            ],
        )
        return reply, await again.connect()

    reply, (reconnected, code) = run(scenario)
    assert reply["type"] == "websocket.close" and reply["code"] == 4403
    assert not reconnected and code == 4403


def test_guessing_codes_over_the_socket_counts_like_the_join_form(live, world):
    from django.core.cache import cache

    from rondetafel.workshops.constants import JOIN_ADDRESS_ATTEMPTS

    workshop, _poll, key_a, _key_b = live

    async def scenario():
        for i in range(JOIN_ADDRESS_ATTEMPTS):
            refused, _ = await _socket(f"Q{i:05d}"[:6]).connect()
            assert not refused
        return await _socket(workshop.join_code, key_a).connect()

    try:
        connected, code = run(scenario)
    finally:
        cache.delete("join-attempts:address:127.0.0.1")
    assert not connected and code == 4403  # even the right code, from this address, for now


def test_a_socket_that_floods_is_slowed_down_and_changes_nothing(live, world):
    from rondetafel.workshops.consumers import BURST

    workshop, poll, key_a, _key_b = live

    async def scenario():
        socket = _socket(workshop.join_code, key_a)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        for i in range(BURST + 10):
            await socket.send_json_to({"type": "sync", "client_id": f"s{i}"})
        replies = [await socket.receive_json_from(timeout=5) for _ in range(BURST + 10)]
        await socket.disconnect()
        return replies

    replies = run(scenario)
    errors = [r for r in replies if r["type"] == "error"]
    assert errors and all(r["code"] == "too_fast" for r in errors)
    assert sum(1 for r in replies if r["type"] == "workshop.snapshot") >= BURST
    assert Response.objects.count() == 0


def test_a_vote_while_the_database_refuses_connections_is_answered_and_counts_once_later(live):
    """A real outage, on PostgreSQL: the database refuses new connections while a vote comes in.
    The phone hears why (and keeps its socket); sent again with the same client id once the
    database is back, it is stored once."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL run of the suite (it closes the database for a moment)")
    import psycopg

    workshop, poll, key_a, _key_b = live
    s = connection.settings_dict
    name = s["NAME"]
    server = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/postgres"

    def database(allow: bool) -> None:
        """From outside (the server's own maintenance database), as an operator would."""
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
            if not allow:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )

    vote = {"type": "respond", "activity": str(poll.pk), "value": 0, "client_id": "down-1"}

    async def answer(phone) -> dict:
        while True:  # snapshots may come between; the answer to the vote is an ack or an error
            reply = await phone.receive_json_from(timeout=10)
            if reply["type"] in ("ack", "error"):
                return reply

    async def until_stored(phone) -> list[dict]:
        """As the phone's script does: the same message again after an "unavailable"."""
        answers = []
        for _ in range(10):
            await phone.send_json_to(vote)
            answers.append(await answer(phone))
            if answers[-1]["type"] == "ack":
                return answers
            await asyncio.sleep(0.5)
        return answers

    async def scenario():
        phone = _socket(workshop.join_code, key_a)
        assert (await phone.connect())[0]
        await phone.receive_json_from()
        await asyncio.to_thread(database, False)
        try:
            await phone.send_json_to(vote)
            refused = await answer(phone)
        finally:
            await asyncio.to_thread(database, True)
        retried = await until_stored(phone)
        again = await until_stored(phone)  # a retry of what is stored: acknowledged again
        await phone.disconnect()
        return refused, retried, again

    try:
        refused, retried, again = run(scenario)
    finally:
        database(True)
        connection.close()  # the test's own connection was ended with the others
    assert refused["type"] == "error" and refused["code"] == "unavailable"
    assert refused["client_id"] == "down-1"
    assert "kon nu niet worden opgeslagen" in refused["detail"]
    assert retried[-1]["type"] == "ack" and again[-1]["type"] == "ack", (retried, again)
    assert {r.get("code") for r in retried[:-1]} <= {"unavailable"}
    assert list(Response.objects.filter(activity=poll).values_list("value", flat=True)) == [[0]]


def test_a_phone_connecting_gets_the_same_snapshot_as_the_fan_out_without_the_results(live):
    from rondetafel.workshops import selectors

    workshop, poll, key_a, _key_b = live
    services.respond(activity=poll, participant=workshop.participants.first(), value=1)
    workshop.refresh_from_db()
    assert selectors.phone_snapshot_of(workshop) == selectors.phone_snapshot(
        selectors.snapshot(workshop)
    )


# The permission matrix's roles on the session socket, logged in without a phone identity:
# members may watch (a snapshot first), everyone else is refused with 4403 before anything.
SOCKET_BY_ROLE = {
    "anonymous": False,
    "participant": True,
    "observer": True,
    "client": True,
    "facilitator": True,
    "other_facilitator": False,
}


@pytest.mark.parametrize("role", sorted(SOCKET_BY_ROLE))
def test_the_session_socket_per_role(live, world, role):
    from django.test import Client

    workshop, _poll, _key_a, _key_b = live
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if role != "anonymous":
        browser = Client()
        browser.force_login(world.users[role])
        headers.append((b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode()))

    async def scenario():
        socket = Socket(f"/ws/sessions/{workshop.join_code}/", headers)
        connected, detail = await socket.connect()
        first = await socket.receive_json_from() if connected else None
        if connected:
            await socket.disconnect()
        return connected, detail, first

    connected, detail, first = run(scenario)
    assert connected == SOCKET_BY_ROLE[role], f"{role}: connected={connected}"
    if connected:
        assert first["type"] == "workshop.snapshot"
    else:
        assert detail == 4403
