"""The worker's heartbeat in the installation's readiness (core.health)."""

import datetime

from django.conf import settings
from django.utils import timezone

from rondetafel.core.health import readiness_checks

from .management.commands.worker import BEAT
from .models import WorkerBeat


@readiness_checks.register("worker")
def worker() -> str:
    beat = WorkerBeat.objects.filter(name=BEAT).first()
    if beat is None:
        return "never seen: is `rondetafel worker` running?"
    age = timezone.now() - beat.seen_at
    if age > datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS):
        return f"last seen {int(age.total_seconds())} s ago"
    return ""
