"""Stakeholder analysis models (method.md section 2), as plain functions.

- Mendelow power/interest grid: scores 1 to 5, split at the midpoint. A score of 3 counts as
  high: on a five-point scale the middle answer means "some", and a facilitator who scores a
  party 3 on power has already judged it able to influence the outcome (docs/decisions/0006).
- Mitchell, Agle & Wood salience: power, legitimacy and urgency as three booleans; power is read
  from the same power score (high power on the grid = the power attribute), so one judgement
  of power feeds both models.
- Common ground: interests tagged by topic, each held "for" or "against" it, per side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

SCORE_MIN, SCORE_MAX = 1, 5
HIGH_FROM = 3


class Quadrant(StrEnum):
    MONITOR = "monitor"  # A: low power, low interest
    KEEP_INFORMED = "keep_informed"  # B: low power, high interest
    KEEP_SATISFIED = "keep_satisfied"  # C: high power, low interest
    MANAGE_CLOSELY = "manage_closely"  # D: high power, high interest


class Salience(StrEnum):
    NON_STAKEHOLDER = "non_stakeholder"
    DORMANT = "dormant"
    DISCRETIONARY = "discretionary"
    DEMANDING = "demanding"
    DOMINANT = "dominant"
    DANGEROUS = "dangerous"
    DEPENDENT = "dependent"
    DEFINITIVE = "definitive"


SALIENCE_CLASS = {
    Salience.NON_STAKEHOLDER: "none",
    Salience.DORMANT: "latent",
    Salience.DISCRETIONARY: "latent",
    Salience.DEMANDING: "latent",
    Salience.DOMINANT: "expectant",
    Salience.DANGEROUS: "expectant",
    Salience.DEPENDENT: "expectant",
    Salience.DEFINITIVE: "definitive",
}

# Mitchell, Agle & Wood: the class follows from which of the three attributes a party has.
# The one source of this rule; the register's filters build their queries from it.
SALIENCE_CLASSES = {
    (False, False, False): Salience.NON_STAKEHOLDER,
    (True, False, False): Salience.DORMANT,
    (False, True, False): Salience.DISCRETIONARY,
    (False, False, True): Salience.DEMANDING,
    (True, True, False): Salience.DOMINANT,
    (True, False, True): Salience.DANGEROUS,
    (False, True, True): Salience.DEPENDENT,
    (True, True, True): Salience.DEFINITIVE,
}


def _check_score(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"{name} must be a whole number from {SCORE_MIN} to {SCORE_MAX}")


def is_high(score: int) -> bool:
    return score >= HIGH_FROM


def quadrant(power: int, interest: int) -> Quadrant:
    _check_score("power", power)
    _check_score("interest", interest)
    match (is_high(power), is_high(interest)):
        case (True, True):
            return Quadrant.MANAGE_CLOSELY
        case (True, False):
            return Quadrant.KEEP_SATISFIED
        case (False, True):
            return Quadrant.KEEP_INFORMED
        case _:
            return Quadrant.MONITOR


def salience(power: bool, legitimacy: bool, urgency: bool) -> Salience:
    return SALIENCE_CLASSES[(bool(power), bool(legitimacy), bool(urgency))]


class Relation(StrEnum):
    SHARED = "shared"  # held by two or more sides, opposed by none
    COMPATIBLE = "compatible"  # held by one side, opposed by none
    CONFLICTING = "conflicting"  # held by one side and opposed by another (or within a side)


@dataclass(frozen=True)
class HeldInterest:
    tag: str
    side: str
    supports: bool  # True: wants this; False: is against it


def classify_topic(held: Iterable[HeldInterest]) -> Relation:
    """The relation between the sides on one topic (tag)."""
    held = list(held)
    if not held:
        raise ValueError("a topic needs at least one interest")
    for_sides = {h.side for h in held if h.supports}
    against_sides = {h.side for h in held if not h.supports}
    if for_sides and against_sides:
        return Relation.CONFLICTING
    sides = for_sides or against_sides
    return Relation.SHARED if len(sides) >= 2 else Relation.COMPATIBLE


RELATION_ORDER = {Relation.SHARED: 0, Relation.COMPATIBLE: 1, Relation.CONFLICTING: 2}


def common_ground(
    held: Iterable[HeldInterest],
) -> list[tuple[str, Relation, dict[str, list[HeldInterest]]]]:
    """Topics with their relation and the interests per side; shared topics first (the
    Dordrecht session put common ground first), then compatible, then conflicting."""
    by_tag: dict[str, list[HeldInterest]] = {}
    for h in held:
        by_tag.setdefault(h.tag, []).append(h)
    rows = []
    for tag, items in by_tag.items():
        per_side: dict[str, list[HeldInterest]] = {}
        for item in items:
            per_side.setdefault(item.side, []).append(item)
        rows.append((tag, classify_topic(items), per_side))
    rows.sort(key=lambda row: (RELATION_ORDER[row[1]], -len(row[2]), row[0].casefold()))
    return rows
