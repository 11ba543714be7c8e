"""Polls: one choice or several choices out of 2 to 12 options."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ActivityType, options_of, parse_options, register, whole_number


class Poll(ActivityType):
    template_dir = "poll"
    multiple = False

    def configure(self, options_text):
        return {"options": parse_options(options_text), "multiple": self.multiple}

    def value_from_fields(self, activity, fields):
        return fields.getlist("value")

    def clean(self, activity, item, value, known_items=None):
        options = options_of(activity)
        chosen = value if isinstance(value, list) else [value]
        if len(chosen) > len(options):
            raise ValidationError(_("Choose one of the options."))
        message = _("Choose one of the options.")
        chosen = sorted({whole_number(v, message) for v in chosen})
        if not chosen or any(not 0 <= v < len(options) for v in chosen):
            raise ValidationError(message)
        if not activity.config.get("multiple") and len(chosen) != 1:
            raise ValidationError(_("Choose exactly one option."))
        return chosen

    def results(self, activity, responses, sides):
        options = options_of(activity)
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

    def chart(self, activity, results):
        from ..charts import bars

        return bars(
            [(r["label"], r["count"], f"{r['count']} · {r['pct']}%") for r in results["rows"]],
            highlight_max=True,
        )

    def export_value(self, activity, value):
        options = options_of(activity)
        return ", ".join(options[i] if 0 <= i < len(options) else str(i) for i in value)

    def simulate(self, activity, rng):
        n = len(options_of(activity))
        return [
            ("", rng.sample(range(n), rng.randint(1, n)) if self.multiple else [rng.randrange(n)])
        ]


class MultiplePoll(Poll):
    multiple = True


register(Poll("poll_single", gettext_lazy("Poll: one choice")))
register(MultiplePoll("poll_multiple", gettext_lazy("Poll: several choices")))
