"""Scale-out for real: two app processes (uvicorn), one Redis, one database. A vote sent to
process A reaches a participant connected to process B."""

import asyncio
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from rondetafel.workshops import services
from rondetafel.workshops.constants import PARTICIPANT_COOKIE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout_sensitive]
REDIS = ("127.0.0.1", 6379)


def _redis_or_skip():
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            assert s.recv(16).startswith(b"+PONG")
    except (OSError, AssertionError):
        message = "The cross-process test needs Redis on 127.0.0.1:6379."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def two_processes():
    _redis_or_skip()
    ports = [_free_port(), _free_port()]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
        "REALTIME_COALESCE_SECONDS": "0.1",
    }
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "rondetafel.asgi:application",
                "--port",
                str(p),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for p in ports
    ]
    try:
        deadline = time.monotonic() + 40
        for port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/j/", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


def test_a_vote_on_process_a_reaches_a_client_of_process_b(world, two_processes):
    from websockets.asyncio.client import connect

    port_a, port_b = two_processes
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Twee processen"
    )
    poll = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="poll_single",
        title="Kiezen",
        options_text="Ja\nNee",
    )
    services.activity_set_status(activity=poll, actor=facilitator, status="open")
    _a, key_a = services.participant_join(workshop=workshop, display_name="A", side="market")
    _b, key_b = services.participant_join(workshop=workshop, display_name="B", side="residents")

    def socket_to(port, key):
        return connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{workshop.join_code}/",
            additional_headers=[
                ("Cookie", f"{PARTICIPANT_COOKIE}={key}"),
                ("Origin", f"http://127.0.0.1:{port}"),
            ],
        )

    async def scenario():
        async with socket_to(port_b, key_b) as on_b, socket_to(port_a, key_a) as on_a:
            assert json.loads(await on_b.recv())["type"] == "workshop.snapshot"
            assert json.loads(await on_a.recv())["type"] == "workshop.snapshot"
            await on_a.send(
                json.dumps(
                    {"type": "respond", "activity": str(poll.pk), "value": 1, "client_id": "x1"}
                )
            )
            ack = None
            while ack is None:
                message = json.loads(await asyncio.wait_for(on_a.recv(), 10))
                if message["type"] == "ack":
                    ack = message
            while True:  # process B must hear of it through Redis
                message = json.loads(await asyncio.wait_for(on_b.recv(), 10))
                if message["type"] == "workshop.snapshot" and message["version"] >= ack["version"]:
                    return message

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pushed = pool.submit(asyncio.run, scenario()).result()
    assert pushed["version"] >= 1
    from rondetafel.workshops.models import Response

    assert Response.objects.filter(activity=poll).count() == 1
