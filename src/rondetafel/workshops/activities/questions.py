"""Q&A: participants ask (moderated), everyone upvotes the questions they want answered."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..constants import MAX_TEXT, StatementStatus
from .base import ActivityType, item_open, register


class Questions(ActivityType):
    has_items = True
    takes_contributions = True
    moderated = True

    def initial_items(self, options_text):
        return [line.strip()[:MAX_TEXT] for line in options_text.splitlines() if line.strip()]

    def clean(self, activity, item, value, known_items=None):
        if value not in (1, "1", "up", True):
            raise ValidationError(_("Upvote a question, or leave it."))
        if not item_open(activity, item, known_items):
            raise ValidationError(_("This question is not (or no longer) open."))
        return 1

    def results(self, activity, responses, sides):
        votes = Counter(r.item for r in responses)
        rows = [
            {"id": str(q.pk), "text": q.text, "votes": votes[str(q.pk)]}
            for q in activity.statements.filter(status=StatementStatus.ACCEPTED)
        ]
        return {"questions": sorted(rows, key=lambda r: -r["votes"])}

    def chart(self, activity, results):
        from ..charts import bars

        return bars([(q["text"], q["votes"], f"▲ {q['votes']}") for q in results["questions"]])

    def phone_context(self, activity, participant):
        return {"questions": questions_for(activity=activity, participant=participant)}

    def has_answered(self, context):
        return True  # upvoting is optional: the results never steer a question

    def simulate(self, activity, rng):
        return [
            (str(q.pk), "up")
            for q in activity.statements.filter(status=StatementStatus.ACCEPTED)
            if rng.random() < 0.5
        ]


def questions_for(*, activity, participant) -> list[dict]:
    """Accepted questions, most wanted first, marking the ones this participant upvoted."""
    from ..models import Response

    votes = Counter(Response.objects.filter(activity=activity).values_list("item", flat=True))
    mine = set(
        Response.objects.filter(activity=activity, participant=participant).values_list(
            "item", flat=True
        )
    )
    rows = [
        {"id": str(q.pk), "text": q.text, "votes": votes[str(q.pk)], "mine": str(q.pk) in mine}
        for q in activity.statements.filter(status=StatementStatus.ACCEPTED)
    ]
    return sorted(rows, key=lambda r: -r["votes"])


register(Questions("qa", gettext_lazy("Q&A with upvotes")))
