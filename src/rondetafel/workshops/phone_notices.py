"""Notices other apps put on a session's phones (say, a trust questionnaire to fill in now).
Apps above `workshops` register a provider here, so `workshops` never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rondetafel.core.registry import Registry


@dataclass(frozen=True)
class Notice:
    key: str  # changes when the notice changes (part of the phone's redraw key)
    url: str
    text: str


Provider = Callable[[object], list[Notice]]  # (workshop) -> notices
phone_notices: Registry[Provider] = Registry("phone notices")


def notices_for(workshop) -> list[Notice]:
    return [notice for _key, provider in phone_notices.items() for notice in provider(workshop)]
