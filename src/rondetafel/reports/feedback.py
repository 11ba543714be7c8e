"""“You said, we did”: every contribution (statements, ideas and questions from the phones,
proposals on the agreement, assessments of rules) with what became of it. What the data says
comes first (a proposal adopted, common ground in the room, a rule decided); the facilitator's
answer, where given, says it in their words. Names only where the person chose to show theirs."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.selectors import side_labels

from .constants import FeedbackStatus
from .models import FeedbackAnswer


def anchor_of(key: str) -> str:
    """The id of a contribution's card on the page (a key's colon is not wanted in an id)."""
    return "c-" + key.replace(":", "-")


@dataclass
class Contribution:
    key: str
    kind: str
    text: str
    who: str
    status: str
    outcome: str
    mine: bool = False
    answered: bool = False  # the facilitator's own words

    @property
    def anchor(self) -> str:
        return anchor_of(self.key)

    @property
    def status_label(self) -> str:
        return str(FeedbackStatus(self.status).label)


def contributions(trajectory, *, participant_key: str | None = None) -> list[Contribution]:
    names = side_labels(trajectory)
    mine_hash = token_hash(participant_key) if participant_key else None
    items = _statements(trajectory, names, mine_hash) + _proposals(trajectory, names)
    items += _rules(trajectory)
    answers = {a.source_key: a for a in FeedbackAnswer.objects.filter(trajectory=trajectory)}
    for item in items:
        answer = answers.get(item.key)
        if answer is not None:
            item.status, item.answered = answer.status, True
            item.outcome = answer.text or item.outcome
    return items


def _who(side: str, name: str, names: dict) -> str:
    side_name = names.get(side, "") or _("a participant")
    return f"{name} ({side_name})" if name else side_name


def _statements(trajectory, names, mine_hash) -> list[Contribution]:
    from rondetafel.workshops import opinion
    from rondetafel.workshops.constants import StatementStatus
    from rondetafel.workshops.models import Statement

    statements = list(
        Statement.objects.filter(
            activity__workshop__trajectory=trajectory,
            author__isnull=False,
            status=StatementStatus.ACCEPTED,
        ).select_related("author", "activity__workshop")
    )
    views: dict = {}
    result = []
    for s in statements:
        activity = s.activity
        if activity.pk not in views:
            views[activity.pk] = opinion.landscape(activity) if activity.type.has_landscape else {}
        view = views[activity.pk]
        common = {c["text"] for c in view.get("common_ground", [])}
        divisive = {c["text"] for c in view.get("divisive", [])}
        if s.text in common:
            status, outcome = (
                FeedbackStatus.ADOPTED,
                _("Common ground: every opinion group agreed."),
            )
        elif s.text in divisive:
            status, outcome = (
                FeedbackStatus.OPEN,
                _("This divided the room; it stays on the table."),
            )
        else:
            status, outcome = (
                FeedbackStatus.OPEN,
                _("Discussed in “%(session)s”.") % {"session": activity.workshop.title},
            )
        result.append(
            Contribution(
                key=f"statement:{s.pk}",
                kind=str(activity.type.label),
                text=s.text,
                who=_who(s.author.side, s.author.display_name, names),
                status=status,
                outcome=outcome,
                mine=mine_hash is not None and s.author.key_hash == mine_hash,
            )
        )
    return result


def _proposals(trajectory, names) -> list[Contribution]:
    from rondetafel.agreements.models import Proposal

    result = []
    for p in Proposal.objects.filter(version__agreement__trajectory=trajectory).select_related(
        "article", "proposed_by", "version"
    ):
        where = str(p.article) if p.article_id else p.heading
        if p.status == "adopted":
            status = FeedbackStatus.ADOPTED
            outcome = _("Worked into the next version of %(title)s.") % {"title": p.version.title}
        elif p.status == "rejected":
            status = FeedbackStatus.NOT_TAKEN_UP
            outcome = _("Not taken up. Why: %(why)s") % {"why": p.decision_reason or "—"}
        else:
            status, outcome = FeedbackStatus.OPEN, _("Still to be decided.")
        result.append(
            Contribution(
                key=f"proposal:{p.pk}",
                kind=_("Proposal on “%(where)s”") % {"where": where or p.version.title},
                text=p.rationale if not p.text else f"{p.text} — {p.rationale}",
                who=_who(p.side, "" if p.anonymous else _proposer(p), names),
                status=status,
                outcome=outcome,
            )
        )
    return result


def _proposer(proposal) -> str:
    return proposal.proposed_by.full_name if proposal.proposed_by else proposal.proposer_name


def _rules(trajectory) -> list[Contribution]:
    """Assessments of a rule count as one contribution of everyone who assessed it."""
    from django.db.models import Count

    from rondetafel.regulations.models import Rule

    result = []
    for rule in (
        Rule.objects.filter(trajectory=trajectory, removed_at__isnull=True)
        .annotate(n=Count("assessments"))
        .filter(n__gt=0)
        .select_related("decision")
    ):
        decision = getattr(rule, "decision", None)
        if decision is not None:
            status = FeedbackStatus.DECIDED
            outcome = f"{decision.get_outcome_display()}: {decision.reason}"
        else:
            status, outcome = FeedbackStatus.OPEN, _("Not decided yet.")
        result.append(
            Contribution(
                key=f"rule:{rule.pk}",
                kind=_("Rule assessed"),
                text=rule.title,
                who=_("%(n)d assessments") % {"n": rule.n},
                status=status,
                outcome=outcome,
            )
        )
    return result
