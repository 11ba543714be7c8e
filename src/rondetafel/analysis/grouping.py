"""Balanced groups for a sub-session round.

Each group should mix the sides in proportion to the room. Hard rules: every person in exactly
one group; hosts stay in the group they host; must-be-together pairs share a group; must-be-
apart pairs do not; group sizes differ by at most one (more only when a must-be-together
cluster is larger than that allows). Soft: topic preferences, traded against balance.

Method: hosts first, then must-be-together clusters (largest first), then everyone else, each
placed in the open group (not above its target size, no must-be-apart conflict) where the cost
rises least; then pairwise swaps between groups while they lower the total cost. Cost per
group: the squared gap between each side's count and its share of the room, plus a smaller
penalty per person for the rank of the group's topic in their preferences. Deterministic for a
given seed (the seed only breaks ties).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

PREFERENCE_WEIGHT = 0.25  # one step down someone's preference list costs this much balance


@dataclass(frozen=True)
class Person:
    id: str
    side: str
    preferences: tuple[str, ...] = ()  # topics, most wanted first


@dataclass(frozen=True)
class GroupSpec:
    id: str
    topic: str = ""
    host: str | None = None  # a person id


@dataclass
class SideShare:
    side: str
    room: float
    group: float


@dataclass
class Assignment:
    members: dict[str, list[str]]
    balance: dict[str, list[SideShare]] = field(default_factory=dict)
    largest_gap: float = 0.0  # the largest |group share - room share| of any side in any group
    first_choice: int = 0  # people placed in the group of their first preference
    with_preferences: int = 0


class GroupingError(ValueError):
    pass


def _clusters(ids: list[str], together: Sequence[tuple[str, str]]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in together:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def assign(
    people: Sequence[Person],
    groups: Sequence[GroupSpec],
    *,
    together: Sequence[tuple[str, str]] = (),
    apart: Sequence[tuple[str, str]] = (),
    seed: int = 0,
) -> Assignment:
    if not groups:
        raise GroupingError("no groups")
    by_id = {p.id: p for p in people}
    if len(by_id) != len(people):
        raise GroupingError("a person appears twice")
    hosts = {g.host: g.id for g in groups if g.host}
    if any(h not in by_id for h in hosts):
        raise GroupingError("a host is not among the people")
    apart_of: dict[str, set[str]] = {}
    for a, b in apart:
        apart_of.setdefault(a, set()).add(b)
        apart_of.setdefault(b, set()).add(a)
    for a, b in together:
        if b in apart_of.get(a, set()):
            raise GroupingError(f"{a} and {b} must be together and apart")

    rng = random.Random(seed)
    k = len(groups)
    n = len(people)
    room = Counter(p.side for p in people)
    topic = {g.id: g.topic for g in groups}
    members: dict[str, list[str]] = {g.id: [] for g in groups}
    where: dict[str, str] = {}
    # Target sizes: n // k, and one more for the first n % k groups.
    base, extra = divmod(n, k)
    target = {g.id: base + (1 if i < extra else 0) for i, g in enumerate(groups)}

    def pref_cost(person: Person, gid: str) -> float:
        if not person.preferences:
            return 0.0
        t = topic[gid]
        rank = person.preferences.index(t) if t in person.preferences else len(person.preferences)
        return PREFERENCE_WEIGHT * rank

    def group_cost(gid: str, ids: list[str]) -> float:
        size = len(ids) or 1
        counts = Counter(by_id[i].side for i in ids)
        balance = sum((counts[s] - size * room[s] / n) ** 2 for s in room)
        return balance + sum(pref_cost(by_id[i], gid) for i in ids)

    def allowed(unit: list[str], gid: str) -> bool:
        if any(other in apart_of.get(p, ()) for p in unit for other in members[gid]):
            return False
        return not any(p in hosts and hosts[p] != gid for p in unit)

    def place(unit: list[str], gid: str) -> None:
        members[gid].extend(unit)
        for p in unit:
            where[p] = gid

    clusters = _clusters([p.id for p in people], together)
    # Hosts' clusters first (their group is fixed); then the people with the most must-be-apart
    # rules, while every group is still open to them (placed late, they can find no group that
    # avoids all their partners); then big clusters; then the rest by the rarity of their side,
    # so the rare sides are spread before the groups fill up.
    clusters.sort(
        key=lambda c: (
            not any(p in hosts for p in c),
            -sum(len(apart_of.get(p, ())) for p in c),
            -len(c),
            min(room[by_id[p].side] for p in c),
            rng.random(),
        )
    )
    for unit in clusters:
        fixed = {hosts[p] for p in unit if p in hosts}
        if len(fixed) > 1:
            raise GroupingError("two hosts of different groups must be together")
        candidates = list(fixed) or [g.id for g in groups]
        open_ = [
            g for g in candidates if len(members[g]) + len(unit) <= target[g] and allowed(unit, g)
        ]
        if not open_:  # a cluster that fits nowhere by size goes to the least-full allowed group
            open_ = [g for g in candidates if allowed(unit, g)] or candidates
            open_ = [min(open_, key=lambda g: len(members[g]) - target[g])]
        smallest = min(len(members[g]) for g in open_)
        open_ = [g for g in open_ if len(unit) > 1 or len(members[g]) == smallest]
        best = min(
            open_,
            key=lambda g: (
                group_cost(g, members[g] + unit) - group_cost(g, members[g]),
                rng.random(),
            ),
        )
        place(unit, best)

    # Improve by swapping two single, unhosted people between groups.
    movable = {p for c in clusters if len(c) == 1 for p in c if p not in hosts}
    improved, rounds = True, 0
    while improved and rounds < 20:
        improved, rounds = False, rounds + 1
        ids = sorted(movable)
        rng.shuffle(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                ga, gb = where[a], where[b]
                if ga == gb:
                    continue
                new_a = [x for x in members[ga] if x != a] + [b]
                new_b = [x for x in members[gb] if x != b] + [a]
                if any(o in apart_of.get(b, ()) for o in new_a if o != b) or any(
                    o in apart_of.get(a, ()) for o in new_b if o != a
                ):
                    continue
                before = group_cost(ga, members[ga]) + group_cost(gb, members[gb])
                after = group_cost(ga, new_a) + group_cost(gb, new_b)
                if after < before - 1e-9:
                    members[ga], members[gb] = new_a, new_b
                    where[a], where[b] = gb, ga
                    improved = True
    return _report(members, by_id, room, n, topic)


def _report(members, by_id, room, n, topic) -> Assignment:
    result = Assignment(members={g: sorted(ids) for g, ids in members.items()})
    gaps = []
    for gid, ids in members.items():
        counts = Counter(by_id[i].side for i in ids)
        shares = [
            SideShare(side, room[side] / n, counts[side] / len(ids) if ids else 0.0)
            for side in sorted(room)
        ]
        result.balance[gid] = shares
        gaps += [abs(s.group - s.room) for s in shares if ids]
        for i in ids:
            prefs = by_id[i].preferences
            if prefs:
                result.with_preferences += 1
                result.first_choice += prefs[0] == topic[gid]
    result.largest_gap = max(gaps, default=0.0)
    return result
