"""The only module that sends to the channel layer from synchronous code. Services call
`broadcast_on_commit` or `publish_snapshots_on_commit`; consumers only transport (ARCHITECTURE.md).

Snapshots are coalesced per group: however many changes arrive, a group gets at most one
snapshot per `REALTIME_COALESCE_SECONDS` from this process, built when it is sent, so it is
complete and carries the latest version. Clients drop snapshots older than what they have.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, transaction


def group_name(kind: str, public_id) -> str:
    return f"{kind}.{public_id}"  # channel layers accept [A-Za-z0-9-_.], under 100 characters


def member_group(trajectory_id, user_id) -> str:
    """The sockets one member has open on one trajectory's live pages: closed (an
    `access.revoked` event) when the membership ends."""
    return group_name("member", f"{trajectory_id}.{user_id}")


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # Encoded once here, not once per connected socket: a snapshot may go to a thousand phones.
    message = {
        "type": "platform.event",
        "event": event,
        "text": json.dumps(event, separators=(",", ":")),
    }
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(group, message)
    else:
        # Called from a thread that runs an event loop (async code, or a test driving a
        # browser): async_to_sync would refuse, so hand the send to that loop.
        loop.create_task(layer.group_send(group, message))


def broadcast_on_commit(group: str, event: dict) -> None:
    transaction.on_commit(partial(_send, group, event))


Build = Callable[[], list[tuple[str, dict]]]  # -> [(group, event), ...]


class Coalescer:
    """At most one round of snapshots per key per interval, built just before it is sent. One
    build may address several groups (say, a full snapshot for screens and a small one for
    phones), so the expensive part is computed once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, Build] = {}

    def mark(self, key: str, build: Build, interval: float) -> None:
        if interval <= 0:
            for group, event in build():
                _send(group, event)
            return
        with self._lock:
            already = key in self._pending
            self._pending[key] = build
        if not already:
            timer = threading.Timer(interval, self._flush, args=(key,))
            timer.daemon = True
            timer.start()

    def _flush(self, key: str) -> None:
        with self._lock:
            build = self._pending.pop(key, None)
        if build is None:
            return
        try:
            for group, event in build():
                _send(group, event)
        finally:
            close_old_connections()  # this timer thread opened its own connection


coalescer = Coalescer()


def publish_snapshots_on_commit(key: str, build: Build) -> None:
    interval = getattr(settings, "REALTIME_COALESCE_SECONDS", 0.3)
    transaction.on_commit(lambda: coalescer.mark(key, build, interval))


def run_coalesced_on_commit(key: str, job: Callable[[], None]) -> None:
    """Run `job` after commit, at most once per interval per key however often it is asked
    for (say, refreshing an analysis while votes pour in)."""

    def build() -> list[tuple[str, dict]]:
        job()
        return []

    publish_snapshots_on_commit(key, build)
