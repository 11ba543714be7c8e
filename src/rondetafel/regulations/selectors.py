"""Reads: regulations and their articles, the inventory, every side's assessments side by side,
and the minimal framework. The aggregation reads all assessments in one query, so the results
page costs the same number of queries for 5 rules or 400."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.selectors import side_labels

from .constants import FRAMEWORK_QUESTIONS, MOVES, ChallengeStatus, Ladder, Outcome
from .models import (
    Assessment,
    ChallengeRequest,
    Cluster,
    Decision,
    Provision,
    Regulation,
    Rule,
    SideTally,
)

LADDER = list(Ladder.values)
OUTCOMES = list(Outcome.values)  # read once: `.values` builds a new list on every access
QUESTIONS = [key for key, _label in FRAMEWORK_QUESTIONS]


def regulations(trajectory):
    return Regulation.objects.filter(trajectory=trajectory).select_related("previous")


def regulation_get(trajectory, regulation_id) -> Regulation | None:
    return Regulation.objects.filter(trajectory=trajectory, pk=regulation_id).first()


def provisions_of(trajectory, ids) -> list[Provision]:
    return list(
        Provision.objects.filter(regulation__trajectory=trajectory, pk__in=ids).select_related(
            "regulation"
        )
    )


def rules(trajectory, *, removed: bool = False, light: bool = False):
    """The inventory in order: clusters in their order, rules without one after them. `light`
    leaves the texts out, for pages that list hundreds of rules by title."""
    found = (
        Rule.objects.filter(trajectory=trajectory, removed_at__isnull=not removed)
        .select_related("provision__regulation", "cluster", "decision")
        .order_by(F("cluster__order").asc(nulls_last=True), "order", "created_at")
    )
    if light:
        found = found.only(
            "title", "member", "needs_review", "order", "created_at", "form", "cluster_id",
            "provision__number", "provision__regulation__title",
            "provision__regulation__citation_title", "cluster__name", "cluster__order",
            "decision__outcome", "decision__needs_review", "decision__rule_id",
        )  # fmt: skip
    return found


def rule_get(trajectory, rule_id) -> Rule | None:
    return (
        Rule.objects.filter(trajectory=trajectory, pk=rule_id)
        .select_related("provision__regulation", "cluster")
        .first()
    )


def clusters(trajectory):
    return Cluster.objects.filter(trajectory=trajectory)


@dataclass(slots=True)
class SideView:
    """One side's assessments of one rule, from its tally. Counts are tuples in the order of
    OUTCOMES, LADDER and QUESTIONS."""

    side: str
    label: str
    count: int
    outcome_counts: tuple[int, ...]
    role_counts: tuple[int, ...]
    yes_counts: tuple[int, ...]

    @property
    def outcomes(self) -> dict[str, int]:
        return {o: n for o, n in zip(OUTCOMES, self.outcome_counts, strict=True) if n}

    @property
    def outcome(self) -> str:
        """The side's most chosen outcome; a tie is reported as "look into further"."""
        return leaning(self.outcome_counts)

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""

    @property
    def role(self) -> str:
        """The median role (the lower one when the count is even)."""
        total = sum(self.role_counts)
        if not total:
            return ""
        middle, seen = (total - 1) // 2, 0
        for role, n in zip(LADDER, self.role_counts, strict=True):
            seen += n
            if seen > middle:
                return role
        return ""

    @property
    def role_label(self) -> str:
        return Ladder(self.role).label if self.role else ""

    def shares(self) -> list[tuple[str, int]]:
        """Per framework question: the percentage of this side answering yes."""
        return [
            (key, round(100 * n / self.count) if self.count else 0)
            for key, n in zip(QUESTIONS, self.yes_counts, strict=True)
        ]


def leaning(outcome_counts) -> str:
    top = max(outcome_counts, default=0)
    if not top:
        return ""
    winners = [o for o, n in zip(OUTCOMES, outcome_counts, strict=True) if n == top]
    return winners[0] if len(winners) == 1 else "look_into"


def _status(leanings: list[str]) -> str:
    if not leanings:
        return "none"
    if len(leanings) == 1:
        return "single"
    return "agree" if len(set(leanings)) == 1 else "differ"


@dataclass
class RuleView:
    rule: Rule
    sides: list[SideView]
    reasons: list[tuple[str, str, str]]  # (side label, outcome label, reason)
    conditions: list[str]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sides)

    @property
    def status(self) -> str:
        """agree: every side that assessed leans the same way; differ: they do not;
        single: only one side has spoken; none: nobody yet."""
        return _status([s.outcome for s in self.sides if s.count])

    @property
    def moves(self):
        return MOVES.get(self.rule.form, ())

    @property
    def decision(self):
        return getattr(self.rule, "decision", None)


def aggregation(trajectory, rule_list=None, *, with_reasons: bool = True) -> list[RuleView]:
    """Every rule with its assessments per side: outcome counts, the side's leaning, the share
    saying yes to each framework question, the median role, and (for one rule's page) the
    reasons given. The counts come from `SideTally`, kept up to date on every write: 400 rules
    assessed by 60 people are 1,600 rows to read, not 24,000 assessments."""
    labels = side_labels(trajectory)
    rule_list = list(rule_list if rule_list is not None else rules(trajectory))
    by_rule: dict = defaultdict(dict)
    for row in _tallies(SideTally.objects.filter(rule__in=[r.pk for r in rule_list])):
        rule_id, side, count, *counts = row
        by_rule[rule_id][side] = SideView(
            side,
            labels.get(side, side),
            count,
            tuple(counts[: len(OUTCOMES)]),
            tuple(counts[len(OUTCOMES) : len(OUTCOMES) + len(LADDER)]),
            tuple(counts[len(OUTCOMES) + len(LADDER) :]),
        )
    reasons: dict = defaultdict(list)
    conditions: dict = defaultdict(list)
    if with_reasons:
        for row in (
            Assessment.objects.filter(rule__in=[r.pk for r in rule_list])
            .values("rule_id", "side", "outcome", "reason", "conditions")
            .order_by("created_at")
        ):
            label = labels.get(row["side"], row["side"])
            if row["reason"]:
                reasons[row["rule_id"]].append(
                    (label, str(Outcome(row["outcome"]).label), row["reason"])
                )
            if row["conditions"]:
                conditions[row["rule_id"]].append(row["conditions"])
    order = {side: i for i, side in enumerate(labels)}
    return [
        RuleView(
            rule=rule,
            sides=sorted(by_rule[rule.pk].values(), key=lambda s: order.get(s.side, 99)),
            reasons=reasons[rule.pk],
            conditions=conditions[rule.pk],
        )
        for rule in rule_list
    ]


def _tallies(queryset):
    return queryset.values_list("rule_id", "side", "n", *OUTCOMES, *LADDER, *QUESTIONS)


@dataclass(frozen=True, slots=True)
class RuleStatus:
    rule_id: object
    cluster_id: object
    decided: bool
    status: str
    sides: frozenset


def statuses(trajectory) -> list[RuleStatus]:
    """Every rule of the inventory, in order, with where the sides stand: two queries however
    many rules, without loading a rule. The results page filters and counts with these and
    loads only the rules on the page."""
    leanings: dict = defaultdict(dict)
    for rule_id, side, count, *counts in _tallies(
        SideTally.objects.filter(rule__trajectory=trajectory, rule__removed_at__isnull=True)
    ):
        if count:
            leanings[rule_id][side] = leaning(counts[: len(OUTCOMES)])
    return [
        RuleStatus(
            rule_id,
            cluster_id,
            decided,
            _status(list(leanings[rule_id].values())),
            frozenset(leanings[rule_id]),
        )
        for rule_id, cluster_id, decided in rules(trajectory).values_list(
            "pk", "cluster_id", Exists(Decision.objects.filter(rule=OuterRef("pk")))
        )
    ]


def sides_in(present: set[str], trajectory) -> list[tuple[str, str]]:
    """The sides that assessed anything, in the fixed order, with their names."""
    labels = side_labels(trajectory)
    ordered = [(k, v) for k, v in labels.items() if k in present]
    return ordered + [(k, k) for k in sorted(present - set(labels))]


def my_assessments(trajectory, user) -> dict:
    return {a.rule_id: a for a in Assessment.objects.filter(rule__trajectory=trajectory, user=user)}


# --- the minimal framework --------------------------------------------------------------------


@dataclass
class FrameworkEntry:
    rule: Rule
    decision: Decision | None

    @property
    def statement(self) -> str:
        """One sentence a reader of the framework can act on."""
        citation = self.rule.citation or self.rule.title
        if self.decision is None:
            return str(gettext_lazy("Not decided yet: %(rule)s.")) % {"rule": citation}
        return str(self.decision.get_outcome_display()) + f": {citation}."


@dataclass
class FrameworkPart:
    key: str
    heading: str
    intro: str
    entries: list[FrameworkEntry]


@dataclass
class Framework:
    trajectory: object
    parts: list[FrameworkPart]

    @property
    def decided(self) -> int:
        return sum(1 for p in self.parts for e in p.entries if e.decision is not None)

    @property
    def needs_review(self) -> int:
        return sum(1 for p in self.parts for e in p.entries if e.rule.needs_review)


def framework(trajectory) -> Framework:
    """What stays central (with the reason per rule), what is handed over and under which
    conditions, what is still open."""
    central, handed, conditional, open_ = [], [], [], []
    for rule in rules(trajectory):
        decision = getattr(rule, "decision", None)
        entry = FrameworkEntry(rule, decision)
        if decision is None or decision.outcome == Outcome.LOOK_INTO:
            open_.append(entry)
        elif decision.outcome == Outcome.KEEP:
            central.append(entry)
        elif decision.outcome == Outcome.CONDITIONS:
            conditional.append(entry)
        else:
            handed.append(entry)
    return Framework(
        trajectory,
        [
            FrameworkPart(
                "central",
                str(gettext_lazy("What stays central")),
                str(
                    gettext_lazy(
                        "The minimal framework: basic safety, health, and binding "
                        "agreements that reach beyond the area."
                    )
                ),  # fmt: skip
                central,
            ),
            FrameworkPart(
                "handed",
                str(gettext_lazy("What is handed over to the neighbourhood")),
                "",
                handed,
            ),
            FrameworkPart(
                "conditions",
                str(gettext_lazy("What is handed over under conditions")),
                "",
                conditional,
            ),
            FrameworkPart(
                "open",
                str(gettext_lazy("What is still open")),
                str(gettext_lazy("Rules to look into further, or not yet decided.")),
                open_,
            ),
        ],
    )


def draft_versions(trajectory) -> list:
    """The trajectory's draft agreements: where framework articles can go."""
    from rondetafel.agreements.models import Version

    return list(
        Version.objects.filter(agreement__trajectory=trajectory, status="draft").select_related(
            "agreement"
        )
    )


# --- right to challenge -----------------------------------------------------------------------


def challenges(trajectory):
    return ChallengeRequest.objects.filter(trajectory=trajectory).select_related("requester")


def challenge_get(trajectory, request_id) -> ChallengeRequest | None:
    return challenges(trajectory).filter(pk=request_id).first()


def challenges_due(trajectory):
    """Open requests by how soon they must be decided."""
    return (
        challenges(trajectory)
        .filter(status__in=[ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING])
        .order_by("decision_due")
    )
