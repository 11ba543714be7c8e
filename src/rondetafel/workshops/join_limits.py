"""How many wrong session codes a phone, and a network address, may try (issue 20, finding 4).

A phone that mistypes ten times waits ten minutes; it does not lock out the room. A whole
address (a venue's network) may try 200 wrong codes in ten minutes before it waits too. Every
way of looking up a code counts: the join form, the version endpoint and the WebSocket, so
codes cannot be probed through a side door. With 31^6 codes and a few sessions live at a
time, 200 guesses per address per ten minutes leave a guesser years from a hit."""

from __future__ import annotations

from rondetafel.core import throttle

from .constants import JOIN_ADDRESS_ATTEMPTS, JOIN_ATTEMPTS, JOIN_PAUSE_SECONDS


def _keys(address: str, browser: str) -> list[tuple[str, int]]:
    keys = [(f"join-attempts:address:{address}", JOIN_ADDRESS_ATTEMPTS)]
    if browser:
        keys.append((f"join-attempts:browser:{browser[:64]}", JOIN_ATTEMPTS))
    return keys


def blocked(address: str, browser: str = "") -> bool:
    return any(throttle.reached(key, limit) for key, limit in _keys(address, browser))


def count_failure(address: str, browser: str = "") -> None:
    for key, _limit in _keys(address, browser):
        throttle.count(key, JOIN_PAUSE_SECONDS)


def browser_of(request) -> str:
    """The phone's own mark before it has joined anything: its CSRF cookie (set by every form
    page). Without one, only the address counts."""
    from django.conf import settings

    return request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
