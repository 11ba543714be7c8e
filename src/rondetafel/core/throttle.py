"""Counting attempts per key in the cache over a fixed window: how the public doors (join
codes, the verify page) keep guessers and floods at bay."""

from __future__ import annotations

from django.core.cache import cache


def count(key: str, window_seconds: int) -> int:
    """One more attempt under `key`; returns how many there have been in the current window."""
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return 1


def reached(key: str, limit: int) -> bool:
    return cache.get(key, 0) >= limit
