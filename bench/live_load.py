"""Benchmark: a live session under load, with real WebSocket clients on loopback.

N participants join one session (created through the services, in the server's database) and
connect over WebSockets; each votes on S statements at random moments spread over T seconds.
Measured, per mode:
- votes acknowledged against votes stored in the database (equal: none lost, none twice);
- p50 and p95 of the acknowledgement latency;
- p50 and p95 of the delay from a vote until a snapshot with its version (or later) reached
  every connected view (a sample of votes; every view counts, so this is the slowest view);
- server CPU seconds and peak memory (from /proc).
Then a saturation run: C clients send votes back to back for a few seconds, against the same
number sending to a no-op echo endpoint on the same server (the framework's ceiling).
Then the form fallback (phones without scripts or sockets): every participant answers one poll
over plain HTTP at the same moment; measured is each phone's wait from its POST to the answer
confirmed (the redirect), and separately the page that follows, against the same answers sent
over the WebSocket in the same run (the baseline). Target: none lost, p95 wait under 3 s.

Modes: (a) one uvicorn process, SQLite, in-memory channel layer; (b) two uvicorn processes,
PostgreSQL and Redis (skipped with a message when either is missing).

    .venv/bin/python bench/live_load.py [--participants 1000] [--votes 20] [--seconds 60]

Targets (issue 4): no loss in either mode; p95 broadcast delay under 1 s at 1,000 participants.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def proc_stats(pid: int) -> tuple[float, int]:
    """(CPU seconds, resident kB) of a process, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = next(
        int(line.split()[1])
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    return cpu, rss


def setup(env: dict, participants: int, statements: int):
    """Create the session, its statement-voting activity and the participants, directly in the
    database the servers use. Returns (join code, activity id, statement ids, participant keys)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email=f"f{time.time_ns()}@bench.example", full_name="Begeleider", password="x-Bench-2026"
    )
    trajectory = ts.trajectory_create(created_by=facilitator, title="Load", question="?")
    workshop = ws.workshop_create(trajectory=trajectory, actor=facilitator, title="Load")
    activity = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen",
        options_text="\n".join(f"Stelling {i}" for i in range(statements)),
    )
    # A second open activity takes the saturation run, so it never mixes with the load counts.
    spare = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Verzadiging",
        options_text="A\nB\nC",
    )
    ws.activity_set_status(activity=spare, actor=facilitator, status="open")
    # Two polls for the fallback case: one answered by form over HTTP, one over the WebSocket.
    polls = []
    for title in ("Per formulier", "Per socket"):
        poll = ws.activity_add(
            workshop=workshop,
            actor=facilitator,
            kind="poll_single",
            title=title,
            options_text="Ja\nNee",
        )
        ws.activity_set_status(activity=poll, actor=facilitator, status="open")
        polls.append(str(poll.pk))
    POLLS[:] = polls
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    sides = ["municipality", "market", "residents"]
    keys = [
        ws.participant_join(workshop=workshop, display_name="", side=sides[i % 3])[1]
        for i in range(participants)
    ]
    return (
        workshop.join_code,
        str(activity.pk),
        [str(s.pk) for s in activity.statements.all()],
        keys,
    )


POLLS: list[str] = []  # (form poll, socket poll), set by setup()


def stored_votes(activity_id: str) -> int:
    from django.db import connection

    from rondetafel.workshops.models import Response

    connection.close()
    return Response.objects.filter(activity_id=activity_id).count()


def start_servers(env: dict, count: int):
    ports = [free_port() for _ in range(count)]
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
                "error",
                "--ws-per-message-deflate",
                "false",  # as `rondetafel serve` runs it
            ],
            env={**os.environ, **env, "RONDETAFEL_BENCH_ECHO": "1"},
        )
        for p in ports
    ]
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/j/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
    return ports, procs


async def run_load(ports, code, activity, statements, keys, seconds):
    from websockets.asyncio.client import connect

    loop = asyncio.get_running_loop()
    views = []  # per connection: (sorted receive times, versions) of snapshots
    acks, sends = {}, {}

    async def participant(index: int, key: str):
        port = ports[index % len(ports)]
        snapshots_t, snapshots_v = [], []
        views.append((snapshots_t, snapshots_v))
        async with connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
            additional_headers=[
                ("Cookie", f"rt_participant={key}"),
                ("Origin", f"http://127.0.0.1:{port}"),
            ],
            max_size=2**22,
            open_timeout=120,
            ping_interval=None,  # the load generator itself may be too busy to answer in time
        ) as socket_:
            first = json.loads(await socket_.recv())
            snapshots_t.append(loop.time())
            snapshots_v.append(first["version"])

            async def reader():
                async for raw in socket_:
                    message = json.loads(raw)
                    now = loop.time()
                    if message["type"] == "workshop.snapshot":
                        snapshots_t.append(now)
                        snapshots_v.append(message["version"])
                    elif message["type"] == "ack":
                        acks[message["client_id"]] = (now, message["version"])

            reading = asyncio.create_task(reader())
            await ready.wait()
            moments = sorted(random.uniform(0, seconds) for _ in statements)
            start = loop.time()
            for moment, statement in zip(moments, statements, strict=True):
                await asyncio.sleep(max(0, start + moment - loop.time()))
                client_id = f"{index}-{statement}"
                sends[client_id] = loop.time()
                await socket_.send(
                    json.dumps(
                        {
                            "type": "respond",
                            "activity": activity,
                            "item": statement,
                            "value": random.choice(["agree", "disagree", "pass"]),
                            "client_id": client_id,
                        }
                    )
                )
            # Wait for every acknowledgement (a slow server is measured, not cut off), then for
            # the snapshots that follow them.
            finished.append(index)
            await everyone_done.wait()  # keep reading until the last vote of anyone is through
            reading.cancel()

    ready, everyone_done, finished = asyncio.Event(), asyncio.Event(), []
    tasks = [asyncio.create_task(participant(i, k)) for i, k in enumerate(keys)]
    while len(views) < len(keys) or any(not v[0] for v in views):
        await asyncio.sleep(0.2)
    ready.set()
    total = len(keys) * len(statements)
    deadline = loop.time() + seconds + 240
    while loop.time() < deadline and (len(finished) < len(keys) or len(acks) < total):
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)  # the snapshots that follow the last acknowledgements
    everyone_done.set()
    await asyncio.gather(*tasks)
    ack_latency = [acks[c][0] - sends[c] for c in acks if c in sends]
    sample = random.sample(sorted(acks), min(400, len(acks)))
    delays = []
    for client_id in sample:
        t_send, version = sends[client_id], acks[client_id][1]
        reached = []
        for times, versions in views:
            i = bisect.bisect_left(versions, version)
            reached.append(times[i] if i < len(versions) else float("inf"))
        delays.append(max(reached) - t_send)
    return len(acks), ack_latency, delays


async def saturate(port, code, activity, statements, keys, seconds, echo):
    """Each client sends and waits for its answer, back to back: answers per second."""
    from websockets.asyncio.client import connect

    done = 0
    stop = asyncio.get_running_loop().time() + seconds

    async def client(key):
        nonlocal done
        path = "/ws/echo/" if echo else f"/ws/sessions/{code}/"
        async with connect(
            f"ws://127.0.0.1:{port}{path}",
            additional_headers=[
                ("Cookie", f"rt_participant={key}"),
                ("Origin", f"http://127.0.0.1:{port}"),
            ],
            max_size=2**22,
        ) as s:
            if not echo:
                await s.recv()  # the snapshot
            n = 0
            while asyncio.get_running_loop().time() < stop:
                payload = {
                    "type": "respond",
                    "activity": activity,
                    "item": statements[n % len(statements)],
                    "value": "agree",
                    "client_id": f"s{key[:6]}{n}",
                }
                await s.send(json.dumps(payload))
                while True:  # skip snapshots until our own answer comes back
                    message = json.loads(await s.recv())
                    if echo or message.get("type") in ("ack", "error"):
                        break
                n += 1
                done += 1

    await asyncio.gather(*(client(k) for k in keys))
    return done / seconds


async def _http(port, method, path, headers, body=b""):
    """One HTTP/1.1 request on its own connection: (status, headers, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        head.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    top, _sep, rest = raw.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    parsed = [line.split(":", 1) for line in lines[1:] if ":" in line]
    return status, [(k.strip().lower(), v.strip()) for k, v in parsed], rest


async def form_fallback(port, code, poll, socket_poll, keys):
    """Every phone answers a poll by posting the form, all at the same moment; the same phones
    then answer a second poll over the WebSocket, all at once (the baseline)."""
    from websockets.asyncio.client import connect

    loop = asyncio.get_running_loop()

    async def prepare(key):
        status, headers, _body = await _http(
            port, "GET", f"/j/{code}/live/", {"Cookie": f"rt_participant={key}"}
        )
        token = next(
            v.split(";")[0].split("=", 1)[1]
            for k, v in headers
            if k == "set-cookie" and v.startswith("csrftoken=")
        )
        return key, token

    phones = await asyncio.gather(*(prepare(k) for k in keys))
    go = asyncio.Event()
    waits, pages, failures = [], [], []

    async def answer(key, token, index):
        await go.wait()
        body = f"value={index % 2}&client_id=f{index}&csrfmiddlewaretoken={token}".encode()
        cookie = f"rt_participant={key}; csrftoken={token}"
        start = loop.time()
        status, headers, _body = await _http(
            port,
            "POST",
            f"/j/{code}/a/{poll}/",
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            body,
        )
        waits.append(loop.time() - start)
        if status != 302:
            failures.append(status)
            return
        location = dict(headers).get("location", f"/j/{code}/live/")
        start = loop.time()
        await _http(port, "GET", location, {"Cookie": cookie})
        pages.append(loop.time() - start)

    tasks = [asyncio.create_task(answer(k, t, i)) for i, (k, t) in enumerate(phones)]
    await asyncio.sleep(0.5)
    began = loop.time()
    go.set()
    await asyncio.gather(*tasks)
    form_seconds = loop.time() - began

    # The baseline: the same phones, one answer each over an open WebSocket, at once.
    acked = []
    sockets = []
    for key in keys:
        sockets.append(
            await connect(
                f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
                additional_headers=[
                    ("Cookie", f"rt_participant={key}"),
                    ("Origin", f"http://127.0.0.1:{port}"),
                ],
                max_size=2**22,
                open_timeout=120,
                ping_interval=None,
            )
        )
    for s_ in sockets:
        await s_.recv()  # the snapshot

    async def over_socket(s_, index):
        start = loop.time()
        await s_.send(
            json.dumps(
                {
                    "type": "respond",
                    "activity": socket_poll,
                    "value": index % 2,
                    "client_id": f"w{index}",
                }
            )
        )
        while json.loads(await s_.recv()).get("type") not in ("ack", "error"):
            pass
        acked.append(loop.time() - start)

    await asyncio.gather(*(over_socket(s_, i) for i, s_ in enumerate(sockets)))
    for s_ in sockets:
        await s_.close()
    return waits, pages, failures, form_seconds, acked


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def run_mode(name, env, servers, args):
    code, activity, statements, keys = setup(env, args.participants, args.votes)
    ports, procs = start_servers(env, servers)
    try:
        accepted, ack_latency, delays = asyncio.run(
            run_load(ports, code, activity, statements, keys, args.seconds)
        )
        stored = stored_votes(activity)
        stats = [proc_stats(p.pid) for p in procs]
        vote_rate = asyncio.run(
            saturate(ports[0], code, activity, statements, keys[: args.clients], 5, echo=False)
        )
        echo_rate = asyncio.run(
            saturate(ports[0], code, activity, statements, keys[: args.clients], 5, echo=True)
        )
        form_poll, socket_poll = POLLS
        waits, pages, failures, form_seconds, acked = asyncio.run(
            form_fallback(ports[0], code, form_poll, socket_poll, keys)
        )
        form_stored = stored_votes(form_poll)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    print(
        f"\n== {name}: {args.participants} participants x {args.votes} votes over {args.seconds:.0f} s"
    )
    print(
        f"votes sent {args.participants * args.votes}, acknowledged {accepted}, stored {stored}: {'none lost, none twice' if accepted == stored == args.participants * args.votes else 'MISMATCH'}"
    )
    print(
        f"ack latency        p50 {1000 * pct(ack_latency, 0.5):7.0f} ms   p95 {1000 * pct(ack_latency, 0.95):7.0f} ms"
    )
    print(
        f"vote -> every view p50 {1000 * pct(delays, 0.5):7.0f} ms   p95 {1000 * pct(delays, 0.95):7.0f} ms   (sample of {len(delays)} votes; target p95 < 1000 ms: {'met' if pct(delays, 0.95) < 1 else 'NOT met'})"
    )
    for i, (cpu, rss) in enumerate(stats):
        print(
            f"server {i + 1}: CPU {cpu:.1f} s during the load run, peak memory {rss / 1024:.0f} MiB"
        )
    print(
        f"saturation with {args.clients} clients: votes {vote_rate:.0f}/s, no-op echo {echo_rate:.0f}/s, ratio {vote_rate / echo_rate:.2f}"
    )
    n = len(keys)
    print(
        f"form fallback, {n} phones answering one poll over HTTP at once: stored {form_stored} of {n}"
        f" ({'none lost' if form_stored == n and not failures else f'LOST {n - form_stored}, errors {failures[:5]}'})"
        f", all done in {form_seconds:.1f} s"
    )
    print(
        f"  wait for the answer   p50 {1000 * pct(waits, 0.5):7.0f} ms   p95 {1000 * pct(waits, 0.95):7.0f} ms"
        f"   (target p95 < 3000 ms: {'met' if pct(waits, 0.95) < 3 else 'NOT met'})"
    )
    print(
        f"  the page after it     p50 {1000 * pct(pages, 0.5):7.0f} ms   p95 {1000 * pct(pages, 0.95):7.0f} ms"
    )
    print(
        f"  baseline: the same {n} answers over the WebSocket at once: ack p50 {1000 * pct(acked, 0.5):.0f} ms,"
        f" p95 {1000 * pct(acked, 0.95):.0f} ms; form/socket p95 ratio {pct(waits, 0.95) / max(pct(acked, 0.95), 1e-9):.1f}"
    )
    return accepted == stored and form_stored == n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50, help="clients in the saturation run")
    parser.add_argument("--only", choices=["a", "b"])
    args = parser.parse_args()
    if (
        args.only is None
    ):  # each mode in a process of its own: Django binds one database per process
        for mode in ("a", "b"):
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--only", mode], check=False)
        return
    random.seed(1)
    data = tempfile.mkdtemp(prefix="rt-load-")
    base = {
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
        "RONDETAFEL_DATA_DIR": data,
        "RONDETAFEL_CREATE": "1",  # a throwaway installation of its own (ADR 0022)
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if args.only == "a":
        env = {**base, "DATABASE_URL": f"sqlite:///{data}/load.sqlite3", "REDIS_URL": ""}
        run_mode("(a) one process, SQLite, in-memory channel layer", env, 1, args)
        return
    if not (reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 6379)):
        print("\n== (b) skipped: needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
        return
    name = f"rt_load_{os.getpid()}"  # a fresh database, so counts start at zero
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    try:
        env = {
            **base,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
        run_mode("(b) two processes, PostgreSQL, Redis", env, 2, args)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], capture_output=True)


if __name__ == "__main__":
    main()
