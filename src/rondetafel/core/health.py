"""Liveness and readiness for load balancers and monitoring (issue 19).

Readiness asks every registered check; apps plug theirs in (the worker's heartbeat lives in
`governance`). A check returns "" when healthy, or what is wrong, in a few words.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection

from .registry import Registry

readiness_checks: Registry[Callable[[], str]] = Registry("readiness checks")


@readiness_checks.register("database")
def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001  (any failure means "not ready"; say which)
        return f"{exc.__class__.__name__}: {exc}"[:200]
    return ""


@readiness_checks.register("redis")
def redis() -> str:
    """A PING over a plain socket, with a short timeout: a dead Redis must not hang the check."""
    if not settings.REDIS_URL:
        return ""
    url = urlparse(settings.REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 1) as s:
            s.settimeout(1)
            if url.password:
                s.sendall(f"AUTH {url.password}\r\n".encode())
                s.recv(64)
            s.sendall(b"PING\r\n")
            if not s.recv(16).startswith(b"+PONG"):
                return "no PONG"
    except OSError as exc:
        return f"{exc.__class__.__name__}: {exc}"[:200]
    return ""


_migrated = False  # once the schema is current it stays so while this process runs


@readiness_checks.register("migrations")
def migrations() -> str:
    """A process serving an older schema answers pages that touch new tables with errors."""
    global _migrated
    if _migrated:
        return ""
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception as exc:  # noqa: BLE001  (the database check names the cause)
        return f"{exc.__class__.__name__}: {exc}"[:200]
    if pending:
        return f"{pending} migrations not applied: run `rondetafel migrate`"
    _migrated = True
    return ""


def readiness() -> dict[str, str]:
    """Each check's name and its problem ("" when healthy)."""
    return {name: check() for name, check in readiness_checks.items()}
