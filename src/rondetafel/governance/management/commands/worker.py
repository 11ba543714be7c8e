"""``rondetafel worker``: runs queued background tasks (django-tasks, database backend) and,
every few minutes, the sweep that queues reminders, reviews and digests."""

from __future__ import annotations

import os
import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from rondetafel.governance.models import WorkerBeat
from rondetafel.governance.tasks import sweep

BEAT = "worker"


class Command(BaseCommand):
    help = "Run background tasks: mail with retries, reminders, reviews, weekly digests."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls")
        parser.add_argument(
            "--sweep-every", type=float, default=300.0, help="seconds between reminder sweeps"
        )
        parser.add_argument(
            "--once", action="store_true", help="sweep, run what is ready, and stop"
        )
        parser.add_argument(
            "--with-parent",
            action="store_true",
            help="stop when the process that started it ends (the demo's server)",
        )

    def handle(
        self, *args, interval: float, sweep_every: float, once: bool, with_parent: bool, **options
    ):
        self.running = True
        # A server stopped by a signal cannot stop its children; they notice they were orphaned.
        parent = os.getppid() if with_parent else None
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        next_sweep = 0.0
        while self.running and (parent is None or os.getppid() == parent):
            WorkerBeat.objects.update_or_create(name=BEAT, defaults={"seen_at": timezone.now()})
            if time.monotonic() >= next_sweep:
                sweep.enqueue()
                next_sweep = time.monotonic() + sweep_every
            # Batch mode drains what is ready (the sweep, then the mail it queued) and returns.
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="rondetafel",
                excluded_queue_names=[],
            ).run()
            if once:
                return
            time.sleep(interval)

    def _stop(self, signum, frame) -> None:
        self.running = False
