"""Benchmark: the scaling curve behind nginx. For 1, 2 and 3 app processes (bench/cluster.py:
nginx with the shipped site, PostgreSQL and Redis of their own), phones step up from 500 by 500;
each step is a fresh session where every phone casts `--votes` votes at random moments over
`--seconds`. Per step: votes acknowledged and stored, p95 from a vote to a snapshot with it on
every phone, the server CPU per vote (all app processes together, from /proc) and the load
generator's own CPU. A process count stops at the first step whose p95 is over 1 s, or that
loses a vote, or at --max-phones.

The baseline is the same run's single process: the ratios say what the second and third
process bring. On a 2-core machine the load generator shares the cores with the servers,
nginx, PostgreSQL and Redis; its CPU is printed so that what limits the curve can be read off.

    .venv/bin/python bench/scaling.py [--max-phones 2000] [--votes 10] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import subprocess
import sys
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parent),
    str(Path(__file__).resolve().parents[1] / "src"),
]
from cluster import Cluster, new_session  # noqa: E402
from live_load import pct, run_load  # noqa: E402


def stored(activity: str) -> int:
    from django.db import connection

    from rondetafel.workshops.models import Response

    connection.close()
    return Response.objects.filter(activity_id=activity).count()


def generator_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-phones", type=int, default=2000)
    parser.add_argument("--step", type=int, default=500)
    parser.add_argument("--votes", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--processes", default="1,2,3")
    args = parser.parse_args()
    counts = [int(n) for n in args.processes.split(",")]
    if len(counts) > 1:  # each count in a process of its own: Django binds one database each
        print(
            f"Scaling behind nginx: each phone {args.votes} votes over {args.seconds:.0f} s",
            flush=True,
        )
        results = {}
        for n in counts:
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, *sys.argv[1:], "--processes", str(n)],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            for line in out.splitlines():
                if line.startswith("RESULT "):
                    _, count, phones, cpu = line.split()
                    results[int(count)] = (int(phones), float(cpu))
                else:
                    print(line, flush=True)
        base = results.get(1, (0, 0))[0] or 1
        print("Largest number of phones held at p95 < 1 s, nothing lost:")
        for n, (phones, cpu) in results.items():
            print(
                f"  {n} process(es): {phones} phones ({phones / base:.2f}x one process); "
                f"median server CPU {cpu:.2f} ms per vote"
            )
        return
    random.seed(1)
    held: dict[int, int] = {}
    cpu_per_vote: dict[int, list[float]] = {}
    for processes in counts:
        cluster = Cluster(processes)
        held[processes] = 0
        try:
            for phones in range(args.step, args.max_phones + 1, args.step):
                session = new_session(cluster.env, phones, args.votes)
                code, activity, statements, keys = session
                cpu0, gen0 = cluster.cpu_seconds(), generator_cpu()
                accepted, _acks, delays = asyncio.run(
                    run_load([cluster.port], code, activity, statements, keys, args.seconds)
                )
                cpu, gen = cluster.cpu_seconds() - cpu0, generator_cpu() - gen0
                saved = stored(activity)
                sent = phones * args.votes
                p95 = pct(delays, 0.95)
                ok = accepted == saved == sent and p95 < 1
                per_vote = 1000 * cpu / max(1, saved)
                cpu_per_vote.setdefault(processes, []).append(per_vote)
                print(
                    f"  {processes} process(es), {phones:>5} phones: sent {sent}, acknowledged "
                    f"{accepted}, stored {saved}; vote -> every phone p50 "
                    f"{1000 * pct(delays, 0.5):.0f} ms, p95 {1000 * p95:.0f} ms; server CPU "
                    f"{per_vote:.2f} ms per vote; load generator CPU {gen:.0f} s in "
                    f"{args.seconds:.0f} s {'' if ok else '  <- over the target'}",
                    flush=True,
                )
                if not ok:
                    break
                held[processes] = phones
        finally:
            cluster.close()
    for processes, phones in held.items():
        median_cpu = sorted(cpu_per_vote[processes])[len(cpu_per_vote[processes]) // 2]
        print(f"RESULT {processes} {phones} {median_cpu:.3f}")


if __name__ == "__main__":
    main()
