"""Benchmark: the plenary consent on the proposals, with real WebSocket clients on loopback
(issue 18). P phones (default 200) give their consent on N proposals (default 10) in turn;
after each proposal's last vote the facilitator's "decide" goes over HTTP, as the console
sends it. Measured:
- votes acknowledged against votes stored (equal: none lost, none twice);
- per proposal, from its last acknowledged vote to the moment the presenter screen (a member's
  socket) shows the decision with its tally: p50 and p95 over the proposals;
- baseline, in the same run: from the same last vote to the snapshot that carried it to the
  screen (the live update that needs no decision).
One uvicorn process, SQLite, in-memory channel layer (as `rondetafel serve`).

    .venv/bin/python bench/plenary.py [--participants 200] [--proposals 10]

Target: every vote stored; the decision on the screen within 1 s (p95) of the last vote.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import tempfile
import time
from urllib.parse import urlencode

from live_load import _http, pct, start_servers

PASSWORD = "x-Bench-2026"


def setup(env: dict, participants: int, proposals: int):
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rondetafel.accounts.services import user_create
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.structure import parse_markdown
    from rondetafel.review import services as review
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    email = f"f{time.time_ns()}@bench.example"
    facilitator = user_create(email=email, full_name="Begeleider", password=PASSWORD)
    trajectory = ts.trajectory_create(created_by=facilitator, title="Plenair", question="?")
    for name, side in (("Gemeente", "municipality"), ("Markt", "market")):
        ts.party_create(trajectory=trajectory, actor=facilitator, name=name, side=side)
    markdown = "# Overeenkomst\n## Afspraken\n" + "".join(
        f"### Artikel {i} Onderwerp {i}\nTekst van artikel {i}.\n" for i in range(1, proposals + 1)
    )
    version = ag.agreement_create(
        trajectory=trajectory,
        actor=facilitator,
        title="Overeenkomst",
        parsed=parse_markdown(markdown),
    )
    ag.version_set_status(version=version, actor=facilitator, status="in_review")
    for article in version.sections.get().articles.all():
        ag.proposal_create(
            version=version, user=None, side="market", proposer_name="Telefoon", kind="amend",
            article=article, text=article.text + " Herzien.", rationale="Beter",
        )  # fmt: skip
    workshop = ws.workshop_create(trajectory=trajectory, actor=facilitator, title="Plenair")
    ws.workshop_set_status(workshop=workshop, actor=facilitator, status="live")
    activity = review.consent_start(workshop=workshop, version=version, actor=facilitator)
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    keys = [
        ws.participant_join(
            workshop=workshop, display_name="", side=("municipality", "market")[i % 2]
        )[1]
        for i in range(participants)
    ]
    return (
        email,
        str(trajectory.pk),
        str(workshop.pk),
        workshop.join_code,
        str(activity.pk),
        list(activity.config["proposals"]),
        keys,
    )


def _cookies(headers) -> dict:
    out = {}
    for name, value in headers:
        if name == "set-cookie":
            key, _sep, rest = value.partition("=")
            out[key] = rest.split(";", 1)[0]
    return out


async def log_in(port: int, email: str) -> dict:
    status, headers, body = await _http(port, "GET", "/account/login/", {})
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode(
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    status, headers, _body = await _http(
        port,
        "POST",
        "/account/login/",
        {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/account/login/",
        },
        form,
    )
    assert status == 302, status
    return cookies | _cookies(headers)


async def run(port, email, trajectory, workshop, code, activity, proposal_ids, keys):
    from websockets.asyncio.client import connect

    loop = asyncio.get_running_loop()
    cookies = await log_in(port, email)
    cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    decided_at: dict[str, float] = {}
    screen_seen: list[tuple[float, int]] = []  # (time, version) of each snapshot on the screen
    acks: dict[str, float] = {}
    ack_versions: dict[str, int] = {}
    counts: dict[str, int] = {}

    async def screen():
        async with connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
            additional_headers=[("Cookie", cookie_header), ("Origin", f"http://127.0.0.1:{port}")],
            max_size=2**23,
            ping_interval=None,
        ) as socket_:
            async for raw in socket_:
                message = json.loads(raw)
                results = message.get("results") or {}
                now = loop.time()
                if "version" in message:
                    screen_seen.append((now, message["version"]))
                for d in results.get("decided", []):
                    decided_at.setdefault(d["label"], now)

    async def phone(index, key, turn, go):
        async with connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{code}/",
            additional_headers=[
                ("Cookie", f"rt_participant={key}"),
                ("Origin", f"http://127.0.0.1:{port}"),
            ],
            ping_interval=None,
            open_timeout=120,
        ) as socket_:
            await socket_.recv()
            for number, proposal in enumerate(proposal_ids):
                await go[number].wait()
                client_id = f"{index}-{number}"
                await socket_.send(json.dumps({
                    "type": "respond", "activity": activity, "item": proposal,
                    "value": {"answer": "agree", "reason": ""}, "client_id": client_id,
                }))  # fmt: skip
                while True:
                    message = json.loads(await socket_.recv())
                    if message.get("type") == "ack" and message.get("client_id") == client_id:
                        acks[client_id] = loop.time()
                        ack_versions[client_id] = message.get("version", 0)
                        counts[proposal] = counts.get(proposal, 0) + 1
                        turn[number].release()
                        break

    screen_task = asyncio.create_task(screen())
    go = [asyncio.Event() for _ in proposal_ids]
    turn = [asyncio.Semaphore(0) for _ in proposal_ids]
    phones = [asyncio.create_task(phone(i, k, turn, go)) for i, k in enumerate(keys)]
    await asyncio.sleep(3)  # everyone connected
    last_votes = []
    control = f"/trajectories/{trajectory}/sessions/{workshop}/activities/{activity}/"
    for number in range(len(proposal_ids)):
        go[number].set()
        for _ in keys:
            await turn[number].acquire()
        last = max((f"{i}-{number}" for i in range(len(keys))), key=lambda c: acks[c])
        last_votes.append((acks[last], ack_versions[last]))
        body = urlencode(
            {"command": "decide", "csrfmiddlewaretoken": cookies["csrftoken"]}
        ).encode()
        status, _h, _b = await _http(
            port, "POST", control,
            {"Cookie": cookie_header, "Content-Type": "application/x-www-form-urlencoded",
             "Referer": f"http://127.0.0.1:{port}{control}"},
            body,
        )  # fmt: skip
        assert status == 302, status
    await asyncio.sleep(2)
    for task in phones:
        task.cancel()
    screen_task.cancel()
    ordered = sorted(decided_at.values())
    decision_delays = [t - last for t, (last, _v) in zip(ordered, last_votes, strict=False)]
    # Baseline: the same last vote reaching the screen as a live update (its version).
    carry_delays = [
        next((t for t, v in screen_seen if v >= version), float("inf")) - last
        for last, version in last_votes
    ]
    return len(acks), counts, decision_delays, carry_delays


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--proposals", type=int, default=10)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="rt-plenary-")
    env = {
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
        "RONDETAFEL_DATA_DIR": data,
        "RONDETAFEL_CREATE": "1",  # a throwaway installation of its own (ADR 0022)
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": f"sqlite:///{data}/plenary.sqlite3",
        "REDIS_URL": "",
    }
    email, trajectory, workshop, code, activity, proposals, keys = setup(
        env, args.participants, args.proposals
    )
    ports, procs = start_servers(env, 1)
    try:
        acked, counts, decisions, carried = asyncio.run(
            run(ports[0], email, trajectory, workshop, code, activity, proposals, keys)
        )
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=20)
    from django.db import connection

    from rondetafel.agreements.models import Proposal
    from rondetafel.workshops.models import Response

    connection.close()
    stored = Response.objects.filter(activity_id=activity).count()
    decided = Proposal.objects.filter(pk__in=proposals).exclude(status="open").count()
    sent = args.participants * args.proposals
    print(
        f"plenary consent: {args.participants} phones x {args.proposals} proposals, one process, SQLite"
    )
    print(
        f"votes sent {sent}, acknowledged {acked}, stored {stored}: {'none lost, none twice' if sent == acked == stored else 'MISMATCH'}"
    )
    print(f"proposals decided {decided} of {args.proposals}, each with its tally per side")
    print(
        f"last vote -> decision on the screen   p50 {1000 * pct(decisions, 0.5):6.0f} ms   p95 {1000 * pct(decisions, 0.95):6.0f} ms"
        f"   (target p95 < 1000 ms: {'met' if decisions and pct(decisions, 0.95) < 1 else 'NOT met'})"
    )
    print(
        f"baseline: last vote -> its live update on the screen   p50 {1000 * pct(carried, 0.5):6.0f} ms   p95 {1000 * pct(carried, 0.95):6.0f} ms"
    )


if __name__ == "__main__":
    main()
