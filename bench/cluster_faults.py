"""Benchmark: faults in the production shape (bench/cluster.py): three app processes behind
nginx, PostgreSQL and Redis of their own. N phones vote continuously through nginx, each vote
with a client id; a phone that loses its socket reconnects through nginx, waits for the
snapshot (in sync again) and resends every vote it has no acknowledgement for. During the load:

1. SIGKILL of the app process holding the most sockets (restarted 1 s later, as systemd's
   Restart=always would);
2. Redis killed and started again 2 s later (it keeps nothing; only live fan-out depends on it);
3. PostgreSQL stopped (fast shutdown) and started again 3 s later.

Measured per fault: phones that lost their socket, time from losing it to being in sync again
(p50, p95, max), snapshots reaching phones in the 5 s before the fault against the 5 s after it
is over (fan-out resumed); and at the end: every acknowledged vote stored, and every vote sent
stored exactly once. With --soak-minutes, no faults: the load runs that long and the memory of
each process is sampled (first against last fifth: flat within 10 %).

    .venv/bin/python bench/cluster_faults.py [--phones 1000] [--seconds 60]
    .venv/bin/python bench/cluster_faults.py --phones 1000 --soak-minutes 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import signal
import statistics
import sys
import urllib.request
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent),
    str(Path(__file__).resolve().parents[1] / "src"),
]
from cluster import Cluster, new_session  # noqa: E402

STATEMENTS = 20
failures: dict[str, int] = {}  # why sockets failed or could not be opened, by kind


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def stored(activity: str) -> tuple[set[str], int]:
    from django.db import connection

    from rondetafel.workshops.models import Response

    connection.close()
    rows = list(Response.objects.filter(activity_id=activity).values_list("client_id", flat=True))
    return set(rows), len(rows)


class Phone:
    def __init__(self, index: int, key: str):
        self.index, self.key = index, key
        self.sent: dict[str, dict] = {}
        self.acked: dict[str, float] = {}
        self.lost_at: float | None = None
        self.resyncs: list[tuple[float, float]] = []  # (lost at, in sync again at)
        self.errors: dict[str, int] = {}
        self.connected = False


async def run_phone(phone: Phone, port, code, activity, statements, interval, snapshots, stop, go):
    from websockets.asyncio.client import connect

    loop = asyncio.get_running_loop()
    pending = [s for s in statements]
    random.shuffle(pending)
    next_vote = None
    while True:
        try:
            async with connect(
                f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
                additional_headers=[
                    ("Cookie", f"rt_participant={phone.key}"),
                    ("Origin", f"http://127.0.0.1:{port}"),
                ],
                open_timeout=30,
                ping_interval=None,
                max_size=2**22,
            ) as ws:
                first = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if first["type"] != "workshop.snapshot":
                    raise ConnectionError(first)
                if phone.lost_at is not None:
                    phone.resyncs.append((phone.lost_at, loop.time()))
                    phone.lost_at = None
                phone.connected = True
                if next_vote is None:  # everyone connected first, then the voting starts
                    await go.wait()
                    next_vote = loop.time() + random.uniform(0, interval)
                for client_id, message in phone.sent.items():  # resend what has no ack
                    if client_id not in phone.acked:
                        await ws.send(json.dumps(message))

                async def reader():
                    async for raw in ws:
                        if "workshop.snapshot" in raw[:40]:
                            snapshots.append(loop.time())  # no need to decode a thousand of these
                            continue
                        message = json.loads(raw)
                        if message["type"] == "ack":
                            phone.acked[message["client_id"]] = loop.time()
                        elif message["type"] == "workshop.snapshot":
                            snapshots.append(loop.time())
                        elif message["type"] == "error":
                            code_ = message.get("code", "?")
                            phone.errors[code_] = phone.errors.get(code_, 0) + 1
                            retry = phone.sent.get(message.get("client_id", ""))
                            if retry and code_ == "unavailable":
                                await asyncio.sleep(1)
                                await ws.send(json.dumps(retry))

                reading = asyncio.create_task(reader())
                try:
                    while (pending and not stop.is_set()) or len(phone.acked) < len(phone.sent):
                        if reading.done():
                            reading.result()  # the socket died: raise it here
                            raise ConnectionError("closed")
                        if pending and not stop.is_set() and loop.time() >= next_vote:
                            statement = pending.pop()
                            client_id = f"{phone.index}-{statement}"
                            message = {
                                "type": "respond",
                                "activity": activity,
                                "item": statement,
                                "value": random.choice(["agree", "disagree", "pass"]),
                                "client_id": client_id,
                            }
                            phone.sent[client_id] = message
                            await ws.send(json.dumps(message))
                            next_vote += interval
                        await asyncio.sleep(0.05)
                    return
                finally:
                    reading.cancel()
        except Exception as exc:  # noqa: BLE001  (any failure: reconnect, as the phone's script does)
            failures[
                type(exc).__name__ + str(getattr(getattr(exc, "response", None), "status_code", ""))
            ] = (
                failures.get(
                    type(exc).__name__
                    + str(getattr(getattr(exc, "response", None), "status_code", "")),
                    0,
                )
                + 1
            )
            if phone.lost_at is None:
                phone.lost_at = loop.time()
            await asyncio.sleep(0.5 + random.random() * 0.5)


def sockets_on(port: int) -> int:
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3).read().decode()
    except OSError:
        return 0
    for line in body.splitlines():
        if line.startswith("rondetafel_sockets_connected "):
            return int(float(line.split()[1]))
    return 0


async def load(cluster: Cluster, session, seconds: float, faults: bool, memory: list):
    code, activity, statements, keys = session
    loop = asyncio.get_running_loop()
    phones = [Phone(i, k) for i, k in enumerate(keys)]
    snapshots: list[float] = []
    stop, go = asyncio.Event(), asyncio.Event()
    interval = seconds / STATEMENTS
    tasks = [
        asyncio.create_task(
            run_phone(p, cluster.port, code, activity, statements, interval, snapshots, stop, go)
        )
        for p in phones
    ]
    began = loop.time()
    while not all(p.connected for p in phones):
        await asyncio.sleep(0.2)
    print(
        f"  all {len(phones)} phones connected through nginx in {loop.time() - began:.1f} s",
        flush=True,
    )
    go.set()
    start = loop.time()
    events = []

    async def at(fraction):
        await asyncio.sleep(max(0, start + fraction * seconds - loop.time()))

    if faults:
        await at(0.15)
        victim = max(cluster.ports, key=sockets_on)
        t0 = loop.time()
        cluster.apps[victim].send_signal(signal.SIGKILL)
        cluster.apps[victim].wait()
        await asyncio.sleep(1)
        await asyncio.to_thread(cluster.start_app, victim)
        events.append(("SIGKILL of one of three app processes", t0, loop.time()))

        await at(0.4)
        t0 = loop.time()
        cluster.redis.stop()
        await asyncio.sleep(2)
        await asyncio.to_thread(cluster.redis.start)
        events.append(("Redis killed, started again after 2 s", t0, loop.time()))

        await at(0.65)
        t0 = loop.time()
        await asyncio.to_thread(cluster.postgres.stop)
        await asyncio.sleep(3)
        await asyncio.to_thread(cluster.postgres.start)
        events.append(("PostgreSQL stopped, started again after 3 s", t0, loop.time()))
    else:
        while loop.time() < start + seconds:
            memory.append((loop.time() - start, cluster.memory()))
            await asyncio.sleep(min(30, seconds / 20))
    await at(1.0)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=300)
    return phones, snapshots, events


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--soak-minutes", type=float, default=0)
    args = parser.parse_args()
    soak = args.soak_minutes > 0
    seconds = args.soak_minutes * 60 if soak else args.seconds
    print(
        f"{'Soak' if soak else 'Faults'}: {args.phones} phones through nginx, 3 app processes, "
        f"PostgreSQL and Redis of their own, {seconds:.0f} s of voting",
        flush=True,
    )
    cluster = Cluster(3)
    try:
        session = new_session(cluster.env, args.phones, STATEMENTS)
        memory: list = []
        cpu_before = cluster.cpu_seconds()
        phones, snapshots, events = asyncio.run(load(cluster, session, seconds, not soak, memory))
        cpu = cluster.cpu_seconds() - cpu_before
        usage = resource.getrusage(resource.RUSAGE_SELF)
        generator = usage.ru_utime + usage.ru_stime
        in_db, rows = stored(session[1])
    finally:
        cluster.close()
    sent = {c for p in phones for c in p.sent}
    acked = {c for p in phones for c in p.acked}
    for name, t0, t1 in events:
        resyncs = [
            back - lost for p in phones for lost, back in p.resyncs if t0 - 1 <= lost <= t1 + 5
        ]
        before = sum(1 for t in snapshots if t0 - 5 <= t < t0)
        after = sum(1 for t in snapshots if t1 + 2 <= t < t1 + 7)
        print(
            f"  {name}: {len(resyncs)} phones lost their socket; back in sync p50 "
            f"{pct(resyncs, 0.5):.1f} s, p95 {pct(resyncs, 0.95):.1f} s, max "
            f"{max(resyncs, default=float('nan')):.1f} s (counted from the fault's start for the "
            f"phones it cut off); snapshots reaching phones 5 s before {before}, 5 s after "
            f"{after}"
        )
    print(f"  sockets lost or refused, by kind: {failures}")
    errors: dict[str, int] = {}
    for p in phones:
        for code, n in p.errors.items():
            errors[code] = errors.get(code, 0) + n
    print(
        f"  votes sent {len(sent)}, acknowledged {len(acked)}, stored {len(in_db)} "
        f"(rows {rows}); acknowledged but not stored: {len(acked - in_db)}; sent but not "
        f"stored: {len(sent - in_db)}; errors answered: {errors or 'none'}"
    )
    print(
        f"  server CPU {cpu:.1f} s for {len(acked)} votes: {1000 * cpu / max(1, len(acked)):.2f} "
        f"ms per vote; the load generator (one process, the same 2 cores) used {generator:.0f} s"
    )
    if memory:
        fifth = max(1, len(memory) // 5)
        for port in memory[0][1]:
            first = statistics.median(m[port] for _, m in memory[:fifth] if port in m)
            last = statistics.median(m[port] for _, m in memory[-fifth:] if port in m)
            fifths = [
                statistics.median(
                    m[port] for _, m in memory[i * fifth : (i + 1) * fifth] if port in m
                )
                for i in range(5)
            ]
            trend = " -> ".join(
                f"{f / 1024:.0f}" for f in fifths
            )  # warm-up levels off; a leak does not
            print(
                f"  process {port}: memory {first / 1024:.0f} MiB in the first fifth, "
                f"{last / 1024:.0f} MiB in the last ({100 * (last - first) / first:+.1f} %); "
                f"by fifths {trend} MiB"
            )


if __name__ == "__main__":
    main()
