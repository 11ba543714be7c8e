"""The in-process channel layer, with its housekeeping done once a second instead of on every
receive. Channels' InMemoryChannelLayer walks every channel and group each time any consumer
receives a message, so fanning one snapshot out to 1,000 phones cost a million steps; py-spy
showed it as a fifth of the server's time under load (bench/live_load.py)."""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer

CLEAN_EVERY_SECONDS = 1.0


class InProcessChannelLayer(InMemoryChannelLayer):
    _last_clean = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._last_clean < CLEAN_EVERY_SECONDS:
            return
        self._last_clean = now
        super()._clean_expired()
