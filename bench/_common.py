"""Shared set-up for the page benchmarks: a throw-away SQLite database and the demo."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ["RONDETAFEL_DATA_DIR"] = tempfile.mkdtemp(prefix="rt-bench-")
os.environ["RONDETAFEL_CREATE"] = "1"  # a throwaway installation of its own (ADR 0022)
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "rondetafel.settings.dev"
os.environ["ALLOWED_HOSTS"] = "testserver"


def setup_demo():
    """Migrate a fresh database, load the demo, and return a client logged in as the
    demo facilitator."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from rondetafel.accounts.models import User
    from rondetafel.demo.builder import load_demo

    # The test client would close the connection after every request, losing the query log.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    load_demo()
    facilitator = User.objects.get(email="marieke.de.vries@demo.example")
    client = Client()
    client.force_login(facilitator)
    return client, facilitator


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    """(median ms, p90 ms, queries) of a GET through the whole Django stack, in process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up templates and caches
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    assert status == 200
    queries = len(ctx.captured_queries)  # read now: the next request clears the log
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)], queries


def report(pages, baseline, scaled, sizes: str) -> None:
    from django.db import connection

    print(f"database: {connection.vendor}")
    print(f"baseline: the demo as shipped; scaled: {sizes}")
    print(f"{'page':<22}{'size':<10}{'median ms':>10}{'p90 ms':>9}{'queries':>9}")
    for name in pages:
        for label, result in (("baseline", baseline[name]), ("scaled", scaled[name])):
            print(f"{name:<22}{label:<10}{result[0]:>10.1f}{result[1]:>9.1f}{result[2]:>9}")
        ratio = scaled[name][0] / baseline[name][0]
        growth = scaled[name][2] - baseline[name][2]
        print(f"{name:<22}{'ratio':<10}{ratio:>10.2f}x{'':>8}{growth:>+9}")
