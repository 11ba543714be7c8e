"""Statement voting: agree, disagree or pass on short statements, some written by the room
(moderated), with the opinion landscape of groups and common ground."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ..constants import MAX_TEXT, StatementStatus
from .base import ActivityType, item_open, register

VOTES = ("agree", "disagree", "pass")


class StatementVoting(ActivityType):
    has_items = True
    needs_rows = False
    takes_contributions = True
    moderated = True
    has_landscape = True

    def initial_items(self, options_text):
        return [line.strip()[:MAX_TEXT] for line in options_text.splitlines() if line.strip()]

    def clean(self, activity, item, value, known_items=None):
        if value not in VOTES:
            raise ValidationError(_("Choose agree, disagree or pass."))
        if not item_open(activity, item, known_items):
            raise ValidationError(_("This statement is not (or no longer) open for voting."))
        return value

    def results(self, activity, responses, sides):
        # Counted by the database: a session of 1,000 people casts 20,000 votes, and the
        # snapshot is rebuilt several times a second.
        counts: dict[str, Counter] = defaultdict(Counter)
        for item, value, n in (
            activity.responses.values_list("item", "value").annotate(n=Count("id")).order_by()
        ):
            counts[item][value] += n
        rows = []
        for statement in activity.statements.filter(status=StatementStatus.ACCEPTED):
            c = counts.get(str(statement.pk), Counter())
            total = sum(c.values())
            rows.append(
                {
                    "id": str(statement.pk),
                    "text": statement.text,
                    "agree": c["agree"],
                    "disagree": c["disagree"],
                    "pass": c["pass"],
                    "total": total,
                    "agree_pct": round(100 * c["agree"] / total) if total else 0,
                    "disagree_pct": round(100 * c["disagree"] / total) if total else 0,
                }
            )
        return {"statements": rows}

    def extra_results(self, activity):
        from .. import opinion

        return {"opinion": opinion.landscape(activity)}

    def answers_changed(self, activity_id) -> None:
        from .. import opinion

        opinion.refresh_if_stale(activity_id)

    def chart(self, activity, results):
        from ..charts import Segment, stacked

        agree, disagree, skip = pgettext("statement vote", "Agree"), _("Disagree"), _("Pass")
        legend = [
            Segment("agree", agree, 0),
            Segment("disagree", disagree, 0),
            Segment("pass", skip, 0),
        ]
        return stacked(
            [
                (
                    r["text"],
                    [
                        Segment("agree", agree, r["agree"]),
                        Segment("disagree", disagree, r["disagree"]),
                        Segment("pass", skip, r["pass"]),
                    ],
                )
                for r in results["statements"]
            ],
            legend,
        )

    def phone_context(self, activity, participant):
        statements = statements_for(activity=activity, participant=participant)
        return {"statement": statements[0] if statements else None, "remaining": len(statements)}

    def has_answered(self, context):
        return context.get("statement") is None  # every statement voted on

    def simulate(self, activity, rng):
        return [
            (str(s.pk), rng.choice(["agree", "agree", "disagree", "pass"]))
            for s in activity.statements.filter(status=StatementStatus.ACCEPTED)
        ]


def statements_for(*, activity, participant) -> list:
    """Accepted statements this participant has not voted on, in the order to show them: drawn
    with chances in proportion to the opinion analysis's priorities (as Pol.is routes), so new
    and telling statements come first without everyone seeing the same one; least-voted first
    until there is an analysis. The draw is seeded by the participant and their vote count, so
    a reload shows the same next statement."""
    from .. import opinion

    ordered = _least_voted_first(activity, participant)
    weights = opinion.priorities(activity)
    if not weights or not ordered:
        return ordered
    rng = random.Random(f"{participant.pk}:{len(ordered)}")  # noqa: S311 - an order, not a secret
    fallback = max(weights.values(), default=1.0) or 1.0  # statements newer than the analysis

    def key(statement):
        weight = max(weights.get(str(statement.pk), fallback), 1e-9)
        return rng.random() ** (1.0 / weight)  # Efraimidis–Spirakis weighted sampling

    return sorted(ordered, key=key, reverse=True)


def _least_voted_first(activity, participant) -> list:
    from ..models import Response

    counts = Counter(Response.objects.filter(activity=activity).values_list("item", flat=True))
    mine = set(
        Response.objects.filter(activity=activity, participant=participant).values_list(
            "item", flat=True
        )
    )
    open_statements = [
        s
        for s in activity.statements.filter(status=StatementStatus.ACCEPTED)
        if str(s.pk) not in mine
    ]
    return sorted(open_statements, key=lambda s: (counts[str(s.pk)], s.created_at))


register(StatementVoting("statements", gettext_lazy("Statement voting")))
