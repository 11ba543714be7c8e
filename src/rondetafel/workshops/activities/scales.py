"""Scales: one number from 1 to 5, or from 0 to 10."""

from __future__ import annotations

import statistics
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ActivityType, register, whole_number
from .polls import Poll


class Scale(ActivityType):
    template_dir = "scale"
    low, high = 1, 5

    def configure(self, options_text):
        return {"min": self.low, "max": self.high}

    def clean(self, activity, item, value, known_items=None):
        number = whole_number(value, _("Choose a number on the scale."))
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

    chart = Poll.chart

    def phone_context(self, activity, participant):
        low, high = activity.config["min"], activity.config["max"]
        return {
            **super().phone_context(activity, participant),
            "scale_numbers": list(range(low, high + 1)),
        }

    def simulate(self, activity, rng):
        return [("", rng.randint(activity.config["min"], activity.config["max"]))]


class TenPointScale(Scale):
    low, high = 0, 10


register(Scale("scale_5", gettext_lazy("Scale 1 to 5")))
register(TenPointScale("scale_10", gettext_lazy("Scale 0 to 10")))
