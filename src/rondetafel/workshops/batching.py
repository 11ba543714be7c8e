"""Votes from many phones stored in batches: one transaction for all the votes that arrive
within a few milliseconds (services.respond_many), each vote's answer given after the commit.
Used by the WebSocket consumer and by the phone form's HTTP fallback alike, so a room of
phones without scripts is as safe and nearly as fast as one with them."""

from __future__ import annotations

import asyncio
import contextvars

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from . import services

BATCH_SECONDS = 0.02  # votes arriving within this window share one transaction


class VoteBatcher:
    """Collects the votes arriving on this process's sockets and stores them in batches, one
    transaction each (services.respond_many). A vote's ack waits for its batch's commit."""

    def __init__(self, *, thread_sensitive: bool = False) -> None:
        self.waiting: list = []
        self.running = False
        self.thread_sensitive = thread_sensitive

    async def submit(self, vote: services.Vote) -> services.VoteResult:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        # The submitter's context goes along: a form's batch runs in its request's sync thread,
        # and that request is certainly alive while it waits for this very batch.
        self.waiting.append((vote, future, contextvars.copy_context()))
        if not self.running:
            self.running = True
            loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        """Store one batch, then hand over to a new task in the context of a vote still
        waiting (never outlive the request whose context this task runs in)."""
        try:
            await asyncio.sleep(BATCH_SECONDS)
            batch, self.waiting = self.waiting, []
            try:
                # Sockets: a worker thread, with Channels' connection housekeeping. Forms: the
                # request's own sync thread, whose connection Django's request cycle looks after.
                run = (
                    sync_to_async(services.respond_many, thread_sensitive=True)
                    if self.thread_sensitive
                    else database_sync_to_async(services.respond_many, thread_sensitive=False)
                )
                outcomes = await run([vote for vote, _future, _context in batch])
            except Exception as exc:  # noqa: BLE001 - every waiting phone must hear back
                for _vote, future, _context in batch:
                    if not future.done():
                        future.set_exception(exc)
            else:
                for (_vote, future, _context), outcome in zip(batch, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            if self.waiting:
                context = self.waiting[0][2]
                asyncio.get_running_loop().create_task(self._drain(), context=context)
            else:
                self.running = False


_batchers: dict = {}


def vote_batcher(*, thread_sensitive: bool = False) -> VoteBatcher:
    """This event loop's batcher (one loop per server process). Sockets store their batches in
    a worker thread of their own; the form fallback in Django's shared sync thread, where the
    request's own database connection lives (and a test's transaction)."""
    loop = asyncio.get_running_loop()
    if any(key[0] is not loop for key in _batchers):
        _batchers.clear()  # a new loop (a test's request): the old one's batchers are gone
    key = (loop, thread_sensitive)
    if key not in _batchers:
        _batchers[key] = VoteBatcher(thread_sensitive=thread_sensitive)
    return _batchers[key]
