"""Reads: regulations and their articles, the inventory, every side's assessments side by side,
and the minimal framework. The aggregation reads all assessments in one query, so the results
page costs the same number of queries for 5 rules or 400."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median_low

from django.db.models import F
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.selectors import side_labels

from .constants import FRAMEWORK_QUESTIONS, MOVES, Answer, ChallengeStatus, Ladder, Outcome
from .models import Assessment, ChallengeRequest, Cluster, Decision, Provision, Regulation, Rule

LADDER = list(Ladder.values)


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


def rules(trajectory, *, removed: bool = False):
    return (
        Rule.objects.filter(trajectory=trajectory, removed_at__isnull=not removed)
        .select_related("provision__regulation", "cluster", "decision")
        # clusters in their order, rules without one after them
        .order_by(F("cluster__order").asc(nulls_last=True), "order", "created_at")
    )


def rule_get(trajectory, rule_id) -> Rule | None:
    return (
        Rule.objects.filter(trajectory=trajectory, pk=rule_id)
        .select_related("provision__regulation", "cluster")
        .first()
    )


def clusters(trajectory):
    return Cluster.objects.filter(trajectory=trajectory)


@dataclass
class SideView:
    side: str
    label: str
    count: int = 0
    outcomes: Counter = field(default_factory=Counter)
    yes: Counter = field(default_factory=Counter)  # framework question -> "yes" answers
    roles: list[int] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        """The side's most chosen outcome; a tie is reported as "look into further"."""
        if not self.outcomes:
            return ""
        (top, n), *rest = self.outcomes.most_common()
        if rest and rest[0][1] == n:
            return Outcome.LOOK_INTO
        return top

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""

    @property
    def role(self) -> str:
        return LADDER[median_low(self.roles)] if self.roles else ""

    @property
    def role_label(self) -> str:
        return Ladder(self.role).label if self.role else ""

    def shares(self) -> list[tuple[str, int]]:
        """Per framework question: the percentage of this side answering yes."""
        return [
            (key, round(100 * self.yes[key] / self.count) if self.count else 0)
            for key, _label in FRAMEWORK_QUESTIONS
        ]


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
        spoken = [s for s in self.sides if s.count]
        if not spoken:
            return "none"
        if len(spoken) == 1:
            return "single"
        return "agree" if len({s.outcome for s in spoken}) == 1 else "differ"

    @property
    def moves(self):
        return MOVES.get(self.rule.form, ())

    @property
    def decision(self):
        return getattr(self.rule, "decision", None)


def aggregation(trajectory, rule_list=None, *, with_reasons: bool = True) -> list[RuleView]:
    """Every rule with its assessments per side: outcome counts, the side's leaning, the share
    saying yes to each framework question, the median role, and the reasons given."""
    labels = side_labels(trajectory)
    rule_list = list(rule_list if rule_list is not None else rules(trajectory))
    by_rule: dict = defaultdict(dict)
    reasons: dict = defaultdict(list)
    conditions: dict = defaultdict(list)
    columns = ["rule_id", "side", "outcome", "role", *(k for k, _l in FRAMEWORK_QUESTIONS)]
    if with_reasons:
        columns += ["reason", "conditions"]
    for row in (
        Assessment.objects.filter(rule__in=rule_list).values(*columns).order_by("created_at")
    ):
        side = row["side"]
        view = by_rule[row["rule_id"]].get(side)
        if view is None:
            view = by_rule[row["rule_id"]][side] = SideView(side, labels.get(side, side))
        view.count += 1
        view.outcomes[row["outcome"]] += 1
        if row["role"] in LADDER:
            view.roles.append(LADDER.index(row["role"]))
        for key, _label in FRAMEWORK_QUESTIONS:
            if row[key] == Answer.YES:
                view.yes[key] += 1
        if with_reasons and row["reason"]:
            reasons[row["rule_id"]].append(
                (view.label, str(Outcome(row["outcome"]).label), row["reason"])
            )
        if with_reasons and row["conditions"]:
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


def sides_in(views: list[RuleView], trajectory) -> list[tuple[str, str]]:
    """The sides that assessed anything, in the fixed order, with their names: the columns."""
    present = {s.side for v in views for s in v.sides}
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
