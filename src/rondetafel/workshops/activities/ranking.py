"""Ranking: every option gets a place; results by Borda count."""

from __future__ import annotations

import statistics
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .base import ActivityType, options_of, parse_options, register, whole_number


def points_label(n) -> str:
    return ngettext("%(n)s point", "%(n)s points", int(n) if float(n).is_integer() else 2) % {
        "n": n
    }


class Ranking(ActivityType):
    def configure(self, options_text):
        return {"options": parse_options(options_text)}

    def value_from_fields(self, activity, fields):
        n = len(options_of(activity))
        try:
            places = {i: int(fields.get(f"rank-{i}", "")) for i in range(n)}
        except ValueError:
            return []
        if sorted(places.values()) != list(range(1, n + 1)):
            return [0] * n  # not every place once: `clean` says so
        return sorted(places, key=places.get)

    def clean(self, activity, item, value, known_items=None):
        n = len(options_of(activity))
        message = _("Put every option in an order.")
        if not isinstance(value, list) or len(value) > n:
            raise ValidationError(message)
        order = [whole_number(v, message) for v in value]
        if sorted(order) != list(range(n)):
            raise ValidationError(_("Put every option in an order, each once."))
        return order

    def results(self, activity, responses, sides):
        options = options_of(activity)
        n = len(options)
        points: Counter = Counter()
        ranks: dict[int, list[int]] = {i: [] for i in range(n)}
        for r in responses:
            for position, option in enumerate(r.value):
                points[option] += n - position  # Borda count
                ranks[option].append(position + 1)
        rows = [
            {
                "label": label,
                "points": points[i],
                "mean_rank": round(statistics.fmean(ranks[i]), 1) if ranks[i] else None,
            }
            for i, label in enumerate(options)
        ]
        return {"respondents": len(responses), "ranking": sorted(rows, key=lambda r: -r["points"])}

    def chart(self, activity, results):
        from ..charts import bars

        return bars(
            [(r["label"], r["points"], points_label(r["points"])) for r in results["ranking"]]
        )

    def phone_context(self, activity, participant):
        context = super().phone_context(activity, participant)
        answer = context["answer"] or []
        context["option_rows"] = [
            {"index": i, "label": label, "rank": answer.index(i) + 1 if i in answer else ""}
            for i, label in enumerate(options_of(activity))
        ]
        return context

    def export_value(self, activity, value):
        options = options_of(activity)
        return " > ".join(options[i] if 0 <= i < len(options) else str(i) for i in value)

    def simulate(self, activity, rng):
        order = list(range(len(options_of(activity))))
        rng.shuffle(order)
        return [("", order)]


register(Ranking("ranking", gettext_lazy("Poll: ranking")))
