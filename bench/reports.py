"""Benchmark: step 5's documents and dashboard.

1. The Dordrecht case report as PDF. Baseline: the PDF of the same trajectory's signed
   agreement version (the same WeasyPrint, the same run). Goal: at most 2 s.
2. The dashboard. Baseline: the demo's Dordrecht (a handful of commitments and decisions).
   Scaled: a trajectory with 1,000 commitments and 500 decisions. Goal: median under 100 ms
   with the same number of queries.

    .venv/bin/python bench/reports.py [--runs 15] [--commitments 1000] [--decisions 500]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time

from _common import measure, setup_demo


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_case_report(facilitator, runs: int) -> None:
    from rondetafel.agreements.exports import version_pdf
    from rondetafel.agreements.models import Version
    from rondetafel.demo.builder import DORDRECHT_TITLE
    from rondetafel.reports import exports
    from rondetafel.reports.models import Report
    from rondetafel.trajectories.models import Trajectory

    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    report = Report.objects.get(trajectory=dordrecht, kind="case", language="nl")
    version = Version.objects.filter(agreement__trajectory=dordrecht, status="signed").first()
    version_pdf(version)  # warm up fonts and templates
    exports.pdf(report)
    baseline = _median_ms(lambda: version_pdf(version), runs)
    ours = _median_ms(lambda: exports.pdf(report), runs)
    print(f"case report PDF: {runs} runs")
    print(f"  baseline agreement PDF (v{version.number})   median {baseline:8.1f} ms")
    print(
        f"  Dordrecht case report PDF         median {ours:8.1f} ms  "
        f"({ours / baseline:.2f}x baseline; goal <= 2000 ms)"
    )


def bench_dashboard(client, facilitator, commitments: int, decisions: int, runs: int) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from rondetafel.demo.builder import DORDRECHT_TITLE
    from rondetafel.governance.models import Commitment, CommitmentEvent, Decision
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Side
    from rondetafel.trajectories.models import Trajectory

    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    baseline = measure(client, reverse("governance:dashboard", args=[dordrecht.pk]), runs)

    trajectory = ts.trajectory_create(created_by=facilitator, title="Bench embedding", question="?")
    party = ts.party_create(
        trajectory=trajectory, actor=facilitator, name="Gemeente", side=Side.MUNICIPALITY
    )
    owner = trajectory.memberships.get(user=facilitator)
    today = timezone.localdate()
    logged = Decision.objects.bulk_create(
        Decision(
            trajectory=trajectory,
            title=f"Besluit {i}",
            decided_by="Stuurgroep",
            decided_on=today - datetime.timedelta(days=i % 300),
            review_on=today + datetime.timedelta(days=(i % 60) - 20),
            source_key=f"bench:{i}",
        )
        for i in range(decisions)
    )
    statuses = ["open", "under_way", "done", "dropped"]
    made = Commitment.objects.bulk_create(
        Commitment(
            trajectory=trajectory,
            description=f"Toezegging {i}",
            owner=owner if i % 2 else None,
            owner_party=None if i % 2 else party,
            owner_label="Bench",
            due_on=today + datetime.timedelta(days=(i % 90) - 30),
            status=statuses[i % 4],
            decision=logged[i % len(logged)],
        )
        for i in range(commitments)
    )
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(commitment=c, to_status=c.status) for c in made
    )
    scaled = measure(client, reverse("governance:dashboard", args=[trajectory.pk]), runs)
    print(f"dashboard: {runs} runs")
    print(
        f"  baseline Dordrecht demo                     median {baseline[0]:7.1f} ms  "
        f"p90 {baseline[1]:7.1f} ms  {baseline[2]} queries"
    )
    print(
        f"  scaled ({commitments} commitments, {decisions} decisions)  median {scaled[0]:7.1f} ms  "
        f"p90 {scaled[1]:7.1f} ms  {scaled[2]} queries"
    )
    print(
        f"  ratio {scaled[0] / baseline[0]:.1f}x; queries {scaled[2] - baseline[2]:+d} "
        "(goal: median < 100 ms, same queries)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--commitments", type=int, default=1000)
    parser.add_argument("--decisions", type=int, default=500)
    args = parser.parse_args()
    client, facilitator = setup_demo()
    from django.db import connection

    print(f"database: {connection.vendor}")
    bench_case_report(facilitator, max(3, args.runs // 3))
    bench_dashboard(client, facilitator, args.commitments, args.decisions, args.runs)


if __name__ == "__main__":
    main()
