"""Consent round: agree, stand aside, object or block (with a reason), and the facilitator's
recorded outcome, which the session report lists among the decisions."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..constants import MAX_TEXT
from .base import ActivityType, register

CONSENT_ANSWERS = {
    "agree": gettext_lazy("Agree"),
    "stand_aside": gettext_lazy("Stand aside"),
    "object": gettext_lazy("Object"),
    "block": gettext_lazy("Block"),
}


class Consent(ActivityType):
    records_outcome = True

    def value_from_fields(self, activity, fields):
        return {"answer": fields.get("value", ""), "reason": fields.get("reason", "")}

    def clean(self, activity, item, value, known_items=None):
        if not isinstance(value, dict) or value.get("answer") not in CONSENT_ANSWERS:
            raise ValidationError(_("Choose agree, stand aside, object or block."))
        reason = str(value.get("reason") or "").strip()[:MAX_TEXT]
        if value["answer"] in ("object", "block") and not reason:
            raise ValidationError(_("Give a reason when you object or block."))
        return {"answer": value["answer"], "reason": reason}

    def results(self, activity, responses, sides):
        tally = Counter(r.value["answer"] for r in responses)
        per_side: dict[str, Counter] = defaultdict(Counter)
        for r in responses:
            per_side[sides.get(r.participant_id, "")][r.value["answer"]] += 1
        return {
            "respondents": len(responses),
            "answers": [
                {"key": key, "label": str(label), "count": tally[key]}
                for key, label in CONSENT_ANSWERS.items()
            ],
            "per_side": {side: dict(c) for side, c in per_side.items()},
            "reasons": [
                {"answer": str(CONSENT_ANSWERS[r.value["answer"]]), "reason": r.value["reason"]}
                for r in responses
                if r.value.get("reason")
            ],
            "blocked": tally["block"] > 0,
        }

    def chart(self, activity, results):
        from ..charts import bars

        return bars([(a["label"], a["count"], str(a["count"])) for a in results["answers"]])

    def simulate(self, activity, rng):
        return [
            ("", {"answer": rng.choice(["agree", "agree", "agree", "stand_aside"]), "reason": ""})
        ]


register(Consent("consent", gettext_lazy("Consent round")))
