"""Links that anyone who took part may follow without an account (the "you said, we did"
page): apps above register a provider; pages for participants without an account (a trust
questionnaire's thank-you) show them without knowing who provides them."""

from __future__ import annotations

from collections.abc import Callable

from rondetafel.core.registry import Registry

Provider = Callable[[object], list[tuple[str, str]]]  # (trajectory id) -> [(label, url)]
result_links: Registry[Provider] = Registry("result links")


def result_links_for(trajectory_id) -> list[tuple[str, str]]:
    return [link for _key, provider in result_links.items() for link in provider(trajectory_id)]
