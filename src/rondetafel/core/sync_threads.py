"""A bounded set of threads for Django's sync code under ASGI.

Django gives each request's sync code (middleware hooks, views, templates) a thread of its own.
When a room of 1,000 phones loads a page at the same moment that is 1,000 threads contending
for one interpreter lock, and every page took over three minutes (bench/live_load.py, the form
fallback's page). Here each HTTP request runs its sync code on one of a few threads, the least
busy one, so the same pages are served one after another at full speed. The threads are owned
by this wrapper (asgiref's ThreadSensitiveContext with an executor); Django's own per-request
context then stays inside this one.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext

DEFAULT_THREADS = 4


class BoundedSyncThreads:
    def __init__(self, app, threads: int | None = None):
        self.app = app
        count = threads or int(os.environ.get("RONDETAFEL_SYNC_THREADS", DEFAULT_THREADS))
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"django-sync-{i}")
            for i in range(max(1, count))
        ]
        self.busy = [0] * len(self.executors)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        index = min(range(len(self.executors)), key=self.busy.__getitem__)
        self.busy[index] += 1
        try:
            async with ThreadSensitiveContext(executor=self.executors[index]):
                return await self.app(scope, receive, send)
        finally:
            self.busy[index] -= 1
