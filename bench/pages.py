"""Benchmark: server time and query count of the trajectory list and overview.

Baseline: the same pages with the demo as shipped (2 trajectories, 45 people).
Scaled: the demo plus 200 trajectories and 5,000 people, the facilitator in all of them.

    .venv/bin/python bench/pages.py [--runs 30]

Prints, per page, the median and p90 server time (full Django stack, in process) and the
number of queries, for both sizes, and the ratios scaled/baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ["RONDETAFEL_DATA_DIR"] = tempfile.mkdtemp(prefix="rt-bench-")
os.environ.pop("DATABASE_URL", None) if "--postgres" not in sys.argv else None
os.environ["DJANGO_SETTINGS_MODULE"] = "rondetafel.settings.dev"
os.environ["ALLOWED_HOSTS"] = "testserver"


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up templates and caches
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    assert status == 200
    # Read now: the next request clears the connection's query log.
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--trajectories", type=int, default=200)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL as given")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    # The test client would close the connection after every request, losing the query log.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.urls import reverse

    from rondetafel.accounts.models import User
    from rondetafel.demo.builder import DORDRECHT_TITLE, load_demo
    from rondetafel.trajectories.models import Membership, Trajectory
    from tests.scale import scale_up

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    load_demo()
    facilitator = User.objects.get(email="marieke.de.vries@demo.example")
    client = Client()
    client.force_login(facilitator)
    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    pages = {
        "trajectory list": reverse("trajectories:list"),
        "trajectory overview": reverse("trajectories:detail", args=[dordrecht.pk]),
    }
    baseline = {name: measure(client, url, args.runs) for name, url in pages.items()}
    scale_up(facilitator=facilitator, trajectories=args.trajectories, people=args.people)
    counts = (Trajectory.objects.count(), User.objects.count(), Membership.objects.count())
    scaled = {name: measure(client, url, args.runs) for name, url in pages.items()}

    print(f"database: {connection.vendor}; runs per page: {args.runs}")
    print(
        "baseline: the demo as shipped; scaled: {} trajectories, {} people, {} memberships".format(
            *counts
        )
    )
    print(f"{'page':<22}{'size':<10}{'median ms':>10}{'p90 ms':>9}{'queries':>9}")
    for name in pages:
        for label, result in (("baseline", baseline[name]), ("scaled", scaled[name])):
            print(f"{name:<22}{label:<10}{result[0]:>10.1f}{result[1]:>9.1f}{result[2]:>9}")
        ratio = scaled[name][0] / baseline[name][0]
        growth = scaled[name][2] - baseline[name][2]
        print(f"{name:<22}{'ratio':<10}{ratio:>10.2f}x{'':>8}{growth:>+9}")


if __name__ == "__main__":
    main()
