"""Opinion analysis: our Pol.is pipeline against red-dwarf, and the cost of a live update.

    .venv/bin/python bench/opinion.py [--runs 3] [--skip-reddwarf]

Inputs, in one run on this machine:
  * vtaiwan.uberx (../shared/data/polis, read in place): 1,921 participants x 197 statements;
  * a synthetic conversation of Pol.is's largest production shape: 33,422 participants x 783
    statements, about 2 million votes, three latent groups, heavy-tailed participation.
Baseline: red-dwarf 0.4.0 (`reddwarf.implementations.polis.run_pipeline`), installed on first run
in its own environment (var/bench/reddwarf-venv), never in the project's. Both sides are timed
from votes in memory to finished groups and statistics, medians of --runs.
Also: ARI of both against Pol.is's own groups (vtaiwan) and against the true groups (synthetic);
a live update after one new vote in a 1,000-participant session, warm-started from the previous
state (target <= 50 ms), against a cold analysis of the same votes; and the same update through
the database as the screens get it (votes read from SQLite, analysis, stored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401  (a throw-away data directory and SQLite database)
import numpy as np

from rondetafel.analysis.opinion import analyse, build
from rondetafel.analysis.opinion.polis_io import read_folder
from rondetafel.analysis.opinion.synthetic import conversation

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polis" / "conversations"
REDDWARF_VENV = ROOT / "var" / "bench" / "reddwarf-venv"
REDDWARF = "red-dwarf==0.4.0"

REDDWARF_RUNNER = r"""
import json, statistics, sys, time
import numpy as np
from reddwarf.implementations.polis import run_pipeline
data = np.load(sys.argv[1])
runs = int(sys.argv[2])
votes = [
    {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": int(t)}
    for p, s, v, t in zip(data["p"], data["s"], data["v"], data["t"])
]
mod_out = [int(x) for x in data["mod_out"]]
import pandas as pd
times = []
for _ in range(runs):
    start = time.perf_counter()
    # run_pipeline wants one vote per (participant, statement): keep the latest, as red-dwarf's
    # own loader does; timed, as our build() is.
    frame = pd.DataFrame(votes).sort_values("modified", kind="stable")
    frame = frame.drop_duplicates(["participant_id", "statement_id"], keep="last")
    result = run_pipeline(
        votes=frame.to_dict("records"), mod_out_statement_ids=mod_out, random_state=0
    )
    times.append(time.perf_counter() - start)
df = result.participants_df
labels = {
    int(i): int(c) for i, c in zip(df.index, df["cluster_id"]) if not pd.isna(c) and int(c) >= 0
}
print(json.dumps({"median_s": statistics.median(times), "times": times, "labels": labels}))
"""


def ari(a: list, b: list) -> float:
    from collections import Counter
    from math import comb

    pairs = sum(comb(n, 2) for n in Counter(zip(a, b, strict=True)).values())
    rows = sum(comb(n, 2) for n in Counter(a).values())
    cols = sum(comb(n, 2) for n in Counter(b).values())
    expected = rows * cols / comb(len(a), 2)
    return (pairs - expected) / ((rows + cols) / 2 - expected)


def agreement(truth: dict, found: dict) -> tuple[float, int]:
    common = [p for p in truth if p in found]
    return ari([truth[p] for p in common], [found[p] for p in common]), len(common)


def ours(p, s, v, t, mod_out, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result, _state = analyse(build(p, s, v, t, moderated_out=mod_out))
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ensure_reddwarf() -> Path | None:
    python = REDDWARF_VENV / "bin" / "python"
    if not python.exists():
        print(f"  installing {REDDWARF} in {REDDWARF_VENV} (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(REDDWARF_VENV)], check=True)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", REDDWARF], check=False
        )
        if done.returncode != 0:
            return None
    return python


def reddwarf(python: Path, p, s, v, t, mod_out, runs):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "votes.npz"
        np.savez(path, p=p, s=s, v=v, t=t, mod_out=np.array(mod_out, dtype=np.int64))
        script = Path(tmp) / "run.py"
        script.write_text(REDDWARF_RUNNER)
        out = subprocess.run(
            [str(python), str(script), str(path), str(runs)],
            check=False,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            sys.exit(f"red-dwarf failed:\n{out.stderr[-3000:]}")
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return report["median_s"], {int(k): v for k, v in report["labels"].items()}


def live_update(runs: int) -> dict:
    """1,000 participants x 40 statements (about 20 votes each): one more vote, then analyse
    again from the previous state; baseline: a cold analysis of the same votes."""
    c = conversation(participants=1000, statements=40, votes=20_000, groups=3, seed=11)
    p, s, v, t = c.participants, c.statements, c.votes, c.times
    _result, state = analyse(build(p, s, v, t))
    rng = np.random.default_rng(1)
    warm, cold = [], []
    for i in range(runs):
        p = np.append(p, rng.integers(0, 1000))
        s = np.append(s, rng.integers(0, 40))
        v = np.append(v, rng.choice([-1, 0, 1])).astype(np.int8)
        t = np.append(t, t[-1] + 1000 + i)
        start = time.perf_counter()
        _r, state = analyse(build(p, s, v, t), previous=state)
        warm.append(time.perf_counter() - start)
        start = time.perf_counter()
        analyse(build(p, s, v, t))
        cold.append(time.perf_counter() - start)
    return {"warm_ms": 1000 * statistics.median(warm), "cold_ms": 1000 * statistics.median(cold)}


def live_update_through_the_database(runs: int) -> dict:
    """The same session in SQLite: one vote through services.respond, the analysis refreshed
    after its commit (votes read, continued from the stored state, stored), and the landscape
    read as the screens ask for it: vote to updated landscape."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import opinion, services
    from rondetafel.workshops.models import Participant, Response

    facilitator = user_create(email="f@bench.example", full_name="F", password="x-Bench-2026")
    trajectory = ts.trajectory_create(created_by=facilitator, title="Bench", question="?")
    workshop = services.workshop_create(trajectory=trajectory, actor=facilitator, title="Live")
    activity = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen",
        options_text="\n".join(f"Stelling {i}" for i in range(40)),
    )
    services.activity_set_status(activity=activity, actor=facilitator, status="open")
    statements = list(activity.statements.order_by("created_at"))
    c = conversation(participants=1000, statements=40, votes=20_000, groups=3, seed=11)
    people = Participant.objects.bulk_create(
        [Participant(workshop=workshop, side="market", key_hash=f"bench-{i}") for i in range(1000)]
    )
    value = {1: "agree", -1: "disagree", 0: "pass"}
    seen = set()
    rows = []
    for p, s, v in zip(
        c.participants.tolist(), c.statements.tolist(), c.votes.tolist(), strict=True
    ):
        if (p, s) not in seen:
            seen.add((p, s))
            rows.append(
                Response(
                    activity=activity,
                    participant=people[p],
                    item=str(statements[s].pk),
                    value=value[v],
                )
            )
    Response.objects.bulk_create(rows, batch_size=5000)
    opinion.refresh_if_stale(activity.pk)
    rng = np.random.default_rng(2)
    times = []
    for _ in range(runs):
        person = people[int(rng.integers(0, 1000))]
        statement = statements[int(rng.integers(0, 40))]
        start = time.perf_counter()
        services.respond(
            activity=activity,
            participant=person,
            item=str(statement.pk),
            value=str(rng.choice(["agree", "disagree", "pass"])),
        )
        # The refresh runs after the vote's commit (at once here; coalesced in a live session);
        # then the page's read.
        opinion.refresh_if_stale(activity.pk)
        opinion.landscape(activity)
        times.append(time.perf_counter() - start)
    return {"votes": len(rows), "median_ms": 1000 * statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-reddwarf", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    python = None if args.skip_reddwarf else ensure_reddwarf()

    print(f"numpy {np.__version__}; {os.cpu_count()} cores; medians of {args.runs} runs\n")
    rows = []

    export = read_folder(DATA / "vtaiwan.uberx")
    mod_out = [c.id for c in export.comments if c.moderated == -1]
    p, s, v, t = export.voters, export.statements, export.votes, export.times
    ours_s, result = ours(p, s, v, t, mod_out, max(args.runs, 5))
    ours_ari, n = agreement(export.group_id, result.group_of)
    row = {"input": "vtaiwan.uberx", "shape": "1,921 x 197, 49,997 votes", "ours_s": ours_s}
    row["ours_ari"] = f"{ours_ari:.3f} vs Pol.is ({n} people)"
    if python:
        rd_s, rd_labels = reddwarf(python, p, s, v, t, mod_out, max(args.runs, 3))
        rd_ari, n = agreement(export.group_id, rd_labels)
        row.update(rd_s=rd_s, rd_ari=f"{rd_ari:.3f} vs Pol.is ({n} people)")
    rows.append(row)

    start = time.perf_counter()
    c = conversation(participants=33_422, statements=783, votes=2_000_000, groups=3, seed=1)
    print(f"synthetic conversation generated in {time.perf_counter() - start:.1f} s")
    truth = {i: int(g) for i, g in enumerate(c.latent_group)}
    ours_s, result = ours(c.participants, c.statements, c.votes, c.times, [], args.runs)
    ours_ari, n = agreement(truth, result.group_of)
    row = {
        "input": "synthetic, Pol.is's largest shape",
        "shape": f"33,422 x 783, {len(c.votes):,} votes",
        "ours_s": ours_s,
        "ours_ari": f"{ours_ari:.3f} vs truth ({n} people, k={len(result.groups)})",
    }
    if python:
        rd_s, rd_labels = reddwarf(python, c.participants, c.statements, c.votes, c.times, [], 1)
        rd_ari, n = agreement(truth, rd_labels)
        row.update(rd_s=rd_s, rd_ari=f"{rd_ari:.3f} vs truth ({n} people)")
    rows.append(row)

    print(f"\n{'input':36} {'shape':28} {'ours':>9} {'red-dwarf':>10} {'speed-up':>9}")
    for r in rows:
        rd = f"{r['rd_s']:.3f} s" if "rd_s" in r else "-"
        ratio = f"{r['rd_s'] / r['ours_s']:.0f}x" if "rd_s" in r else "-"
        print(f"{r['input']:36} {r['shape']:28} {r['ours_s']:7.3f} s {rd:>10} {ratio:>9}")
    print("\nagreement of the groups (adjusted Rand index)")
    for r in rows:
        print(f"  {r['input']:36} ours {r['ours_ari']};  red-dwarf {r.get('rd_ari', '-')}")

    live = live_update(runs=30)
    print(
        "\nlive update, 1,000 participants x 40 statements, one new vote:"
        f"\n  analysis continued from the previous state  {live['warm_ms']:6.1f} ms (target <= 50)"
        f"\n  baseline: cold analysis of the same votes     {live['cold_ms']:6.1f} ms"
        f"  (ratio {live['warm_ms'] / live['cold_ms']:.2f})"
    )
    db = live_update_through_the_database(runs=20)
    print(
        f"  through the database (SQLite, {db['votes']:,} votes read, result stored)"
        f"  {db['median_ms']:6.1f} ms"
    )
    print("\ntargets: 33k x 783 in <= 1 s and >= 20x faster than red-dwarf on both inputs")


if __name__ == "__main__":
    main()
