"""Benchmark: a process killed with SIGKILL in the middle of a live session, on SQLite.

One `uvicorn` process on SQLite (the embedded default). N phones vote continuously over
WebSockets; halfway, the process is killed with SIGKILL. Then it is started again, every phone
reconnects and resends the votes it had no acknowledgement for, with the same client ids.
Measured, for SQLite's `synchronous=NORMAL` (the setting) against `FULL` (the baseline that
flushes every commit to disk):
- acknowledged before the kill, and how many of those are stored after the restart (must be all);
- after the resend, votes stored against votes sent (must be equal: nothing lost, none twice);
- acknowledgements per second before the kill, and the time from restart to every phone resynced.

    .venv/bin/python bench/faults.py [--phones 300] [--seconds 6]

What a power cut does (as opposed to a killed process) is not measured: that needs a machine to
lose power. See ADR 0024.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_load import free_port, setup  # noqa: E402


def start(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "uvicorn",
            "rondetafel.asgi:application",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--ws-per-message-deflate",
            "false",
        ],
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2).read()
            return process
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def phone(port, code, key, activity, statements, index, acked, sent, stop):
    """Vote on every statement in turn until the connection dies or `stop` is set."""
    from websockets.asyncio.client import connect

    try:
        async with connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
            additional_headers=[
                ("Cookie", f"rt_participant={key}"),
                ("Origin", f"http://127.0.0.1:{port}"),
            ],
            open_timeout=60,
            ping_interval=None,
            max_size=2**22,
        ) as ws:
            await ws.recv()  # the snapshot: in sync

            async def reader():
                async for raw in ws:
                    message = json.loads(raw)
                    if message["type"] == "ack":
                        acked[message["client_id"]] = time.monotonic()

            reading = asyncio.create_task(reader())
            for statement in statements:
                if stop.is_set():
                    break
                client_id = f"{index}-{statement}"
                if client_id in acked:
                    continue
                sent[client_id] = (statement, "agree" if index % 2 else "disagree")
                await ws.send(
                    json.dumps(
                        {
                            "type": "respond",
                            "activity": activity,
                            "item": statement,
                            "value": sent[client_id][1],
                            "client_id": client_id,
                        }
                    )
                )
                await asyncio.sleep(0.05)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and any(
                c not in acked for c in sent if c.startswith(f"{index}-")
            ):
                await asyncio.sleep(0.1)
            reading.cancel()
    except Exception:  # noqa: BLE001,S110  (the kill: this phone's socket died; it will retry)
        pass


def stored(activity: str) -> set[str]:
    from django.db import connection

    from rondetafel.workshops.models import Response

    connection.close()
    return set(Response.objects.filter(activity_id=activity).values_list("client_id", flat=True))


def run(mode: str, phones: int, seconds: float) -> dict:
    data = Path(tempfile.mkdtemp(prefix=f"rt-faults-{mode.lower()}-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
        "RONDETAFEL_DATA_DIR": str(data),
        "RONDETAFEL_CREATE": "1",
        "SQLITE_SYNCHRONOUS": mode,
        "SECRET_KEY": "bench-" + "f" * 50,
    }
    os.environ.pop("DATABASE_URL", None)
    code, activity, statements, keys = setup(env, phones, 40)
    port = free_port()
    server = start(env, port)
    acked, sent = {}, {}

    async def first_half():
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(phone(port, code, k, activity, statements, i, acked, sent, stop))
            for i, k in enumerate(keys)
        ]
        await asyncio.sleep(seconds)
        server.send_signal(signal.SIGKILL)
        server.wait()
        killed_at = time.monotonic()
        stop.set()
        await asyncio.gather(*tasks)
        return killed_at

    started = time.monotonic()
    killed_at = asyncio.run(first_half())
    before_kill = {c for c, t in acked.items() if t <= killed_at}
    rate = len(before_kill) / (killed_at - started)
    after_restart = stored(activity)
    lost = before_kill - after_restart

    server = start(env, port)
    restarted = time.monotonic()

    async def resend():
        stop = asyncio.Event()
        await asyncio.gather(
            *(
                phone(port, code, k, activity, statements, i, acked, sent, stop)
                for i, k in enumerate(keys)
            )
        )

    asyncio.run(resend())
    resynced = time.monotonic() - restarted
    final = stored(activity)
    server.terminate()
    server.wait()
    from django.db import connection

    from rondetafel.workshops.models import Response

    connection.close()
    rows = Response.objects.filter(activity_id=activity).count()
    return {
        "mode": mode,
        "acked_before_kill": len(before_kill),
        "lost_after_kill": len(lost),
        "acks_per_second": rate,
        "sent": len(sent),
        "stored": len(final),
        "rows": rows,
        "missing": len(set(sent) - final),
        "resend_seconds": resynced,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Each run in its own process: Django is set up once per process, for one data directory.
    if os.environ.get("RT_FAULTS_MODE"):
        print(json.dumps(run(os.environ["RT_FAULTS_MODE"], args.phones, args.seconds)))
        return
    results: dict[str, list[dict]] = {"NORMAL": [], "FULL": []}
    for _ in range(args.repeat):
        for mode in results:
            out = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    __file__,
                    "--phones",
                    str(args.phones),
                    "--seconds",
                    str(args.seconds),
                ],
                env={**os.environ, "RT_FAULTS_MODE": mode},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results[mode].append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"SIGKILL of the only process mid-session, SQLite, {args.phones} phones, "
        f"{args.repeat} runs per setting (medians)"
    )
    for mode, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "mode"}
        print(
            f"  synchronous={mode:<6} acked before kill {med['acked_before_kill']:.0f}, "
            f"lost {max(r['lost_after_kill'] for r in runs)} (worst run); "
            f"{med['acks_per_second']:.0f} acks/s; after resend {med['stored']:.0f} stored "
            f"of {med['sent']:.0f} sent, {max(r['missing'] for r in runs)} missing, rows "
            f"{med['rows']:.0f}; all resynced and resent in {med['resend_seconds']:.1f} s"
        )
    normal = statistics.median(r["acks_per_second"] for r in results["NORMAL"])
    full = statistics.median(r["acks_per_second"] for r in results["FULL"])
    print(f"  NORMAL/FULL acknowledgement rate: {normal / full:.2f}x")


if __name__ == "__main__":
    main()
