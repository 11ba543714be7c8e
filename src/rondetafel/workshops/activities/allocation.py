"""Dividing points: 100 points spread over the options."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ActivityType, options_of, parse_options, register, whole_number
from .ranking import points_label

POINTS = 100


class Allocation(ActivityType):
    def configure(self, options_text):
        return {"options": parse_options(options_text), "points": POINTS}

    def value_from_fields(self, activity, fields):
        return [fields.get(f"points-{i}", "") for i in range(len(options_of(activity)))]

    def clean(self, activity, item, value, known_items=None):
        n = len(options_of(activity))
        message = _("Give whole numbers of points.")
        if not isinstance(value, list) or len(value) != n:
            raise ValidationError(message)
        points = [whole_number(v if v not in ("", None) else 0, message) for v in value]
        if any(p < 0 for p in points):
            raise ValidationError(message)
        total = activity.config.get("points", POINTS)
        if sum(points) != total:
            raise ValidationError(
                _("Spread exactly %(total)d points; you gave %(given)d.")
                % {"total": total, "given": sum(points)}
            )
        return points

    def results(self, activity, responses, sides):
        options = options_of(activity)
        totals = [0] * len(options)
        for r in responses:
            for i, p in enumerate(r.value):
                totals[i] += p
        count = len(responses) or 1
        rows = [
            {"label": label, "mean": round(totals[i] / count, 1), "pct": round(totals[i] / count)}
            for i, label in enumerate(options)
        ]
        return {"respondents": len(responses), "rows": rows, "median": None}

    def chart(self, activity, results):
        from ..charts import bars

        return bars([(r["label"], r["mean"], points_label(r["mean"])) for r in results["rows"]])

    def phone_context(self, activity, participant):
        context = super().phone_context(activity, participant)
        answer = context["answer"]
        context["option_rows"] = [
            {"index": i, "label": label, "points": answer[i] if answer else ""}
            for i, label in enumerate(options_of(activity))
        ]
        return context

    def simulate(self, activity, rng):
        n = len(options_of(activity))
        cut = sorted(rng.sample(range(1, POINTS), n - 1)) if n > 1 else []
        return [("", [b - a for a, b in zip([0, *cut], [*cut, POINTS], strict=True)])]


register(Allocation("allocation", gettext_lazy("Poll: divide 100 points")))
