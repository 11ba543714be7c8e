"""Activity types, as a registry: what an answer may be, and what the results are.

Each type validates one answer (`clean`), builds its options from the facilitator's text
(`configure`) and summarises the answers (`results`), overall and per side.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.core.registry import Registry

from .constants import MAX_TEXT, StatementStatus

activity_types: Registry[ActivityType] = Registry("activity types")  # noqa: F821


@dataclass(frozen=True)
class ActivityType:
    key: str
    label: str
    has_items: bool = False  # answers belong to items (statements), not to the activity

    def configure(self, options_text: str) -> dict:
        return {}

    def clean(self, activity, item: str, value):
        raise NotImplementedError

    def results(self, activity, responses: list, sides: dict) -> dict:
        raise NotImplementedError


VOTES = ("agree", "disagree", "pass")


class StatementVoting(ActivityType):
    def clean(self, activity, item, value):
        if value not in VOTES:
            raise ValidationError(_("Choose agree, disagree or pass."))
        if not activity.statements.filter(pk=item, status=StatementStatus.ACCEPTED).exists():
            raise ValidationError(_("This statement is not (or no longer) open for voting."))
        return value

    def results(self, activity, responses, sides):
        counts: dict[str, Counter] = defaultdict(Counter)
        for r in responses:
            counts[r.item][r.value] += 1
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


class Poll(ActivityType):
    def configure(self, options_text):
        options = [line.strip()[:120] for line in options_text.splitlines() if line.strip()]
        if not 2 <= len(options) <= 12:
            raise ValidationError(_("Give between 2 and 12 options, one per line."))
        return {"options": options, "multiple": self.key == "poll_multiple"}

    def clean(self, activity, item, value):
        options = activity.config.get("options", [])
        chosen = value if isinstance(value, list) else [value]
        try:
            chosen = sorted({int(v) for v in chosen})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Choose one of the options.")) from exc
        if not chosen or any(not 0 <= v < len(options) for v in chosen):
            raise ValidationError(_("Choose one of the options."))
        if not activity.config.get("multiple") and len(chosen) != 1:
            raise ValidationError(_("Choose exactly one option."))
        return chosen

    def results(self, activity, responses, sides):
        options = activity.config.get("options", [])
        counts = Counter(v for r in responses for v in r.value)
        total = len(responses)
        return {
            "respondents": total,
            "median": None,
            "rows": [
                {
                    "label": label,
                    "count": counts[i],
                    "pct": round(100 * counts[i] / total) if total else 0,
                }
                for i, label in enumerate(options)
            ],
        }


class Scale(ActivityType):
    def configure(self, options_text):
        low, high = (0, 10) if self.key == "scale_10" else (1, 5)
        return {"min": low, "max": high}

    def clean(self, activity, item, value):
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Choose a number on the scale.")) from exc
        if not activity.config["min"] <= number <= activity.config["max"]:
            raise ValidationError(_("Choose a number from %(min)d to %(max)d.") % activity.config)
        return number

    def results(self, activity, responses, sides):
        values = [r.value for r in responses]
        counts = Counter(values)
        low, high = activity.config["min"], activity.config["max"]
        return {
            "respondents": len(values),
            "median": statistics.median(values) if values else None,
            "mean": round(statistics.fmean(values), 1) if values else None,
            "rows": [
                {
                    "label": str(n),
                    "count": counts[n],
                    "pct": round(100 * counts[n] / len(values)) if values else 0,
                }
                for n in range(low, high + 1)
            ],
        }


CONSENT_ANSWERS = {
    "agree": gettext_lazy("Agree"),
    "stand_aside": gettext_lazy("Stand aside"),
    "object": gettext_lazy("Object"),
    "block": gettext_lazy("Block"),
}


class Consent(ActivityType):
    def clean(self, activity, item, value):
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


for _type in (
    StatementVoting("statements", gettext_lazy("Statement voting"), has_items=True),
    Poll("poll_single", gettext_lazy("Poll: one choice")),
    Poll("poll_multiple", gettext_lazy("Poll: several choices")),
    Scale("scale_5", gettext_lazy("Scale 1 to 5")),
    Scale("scale_10", gettext_lazy("Scale 0 to 10")),
    Consent("consent", gettext_lazy("Consent round")),
):
    activity_types.register(_type.key)(_type)
