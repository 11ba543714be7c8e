"""2x2 grid: each option placed on two scales of 0 to 10 (say, impact and effort)."""

from __future__ import annotations

import statistics

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ActivityType, options_of, register, whole_number


class Grid(ActivityType):
    def configure(self, options_text):
        axes = {"x": "", "y": ""}
        options = []
        for line in options_text.splitlines():
            line = line.strip()
            if line.lower().startswith(("x:", "y:")):
                axes[line[0].lower()] = line[2:].strip()[:60]
            elif line:
                options.append(line[:120])
        if not 1 <= len(options) <= 12:
            raise ValidationError(_("Give between 1 and 12 things to place, one per line."))
        if not axes["x"] or not axes["y"]:
            raise ValidationError(_("Name both axes: a line 'x: …' and a line 'y: …'."))
        return {"options": options, "x": axes["x"], "y": axes["y"]}

    def value_from_fields(self, activity, fields):
        return {
            str(i): [fields.get(f"x-{i}"), fields.get(f"y-{i}")]
            for i in range(len(options_of(activity)))
        }

    def clean(self, activity, item, value, known_items=None):
        n = len(options_of(activity))
        message = _("Place every item on both scales from 0 to 10.")
        if not isinstance(value, dict) or len(value) > n:
            raise ValidationError(message)
        placed = {}
        for i in range(n):
            point = value.get(str(i))
            if not isinstance(point, list | tuple) or len(point) != 2:
                raise ValidationError(message)
            x, y = whole_number(point[0], message), whole_number(point[1], message)
            if not (0 <= x <= 10 and 0 <= y <= 10):
                raise ValidationError(message)
            placed[str(i)] = [x, y]
        return placed

    def results(self, activity, responses, sides):
        rows = []
        for i, label in enumerate(options_of(activity)):
            points = [r.value[str(i)] for r in responses if str(i) in r.value]
            x = statistics.fmean(p[0] for p in points) if points else None
            y = statistics.fmean(p[1] for p in points) if points else None
            rows.append(
                {
                    "label": label,
                    "x": round(x, 1) if x is not None else None,
                    "y": round(y, 1) if y is not None else None,
                    "cx": f"{x * 10:.0f}" if x is not None else "",
                    "cy": f"{100 - y * 10:.0f}" if y is not None else "",
                    "n": len(points),
                }
            )
        return {
            "respondents": len(responses),
            "x": activity.config.get("x", ""),
            "y": activity.config.get("y", ""),
            "items": rows,
        }

    def phone_context(self, activity, participant):
        context = super().phone_context(activity, participant)
        answer = context["answer"] or {}
        rows = []
        for i, label in enumerate(options_of(activity)):
            x, y = answer.get(str(i), (5, 5))
            rows.append({"index": i, "label": label, "x": x, "y": y})
        context["option_rows"] = rows
        return context

    def simulate(self, activity, rng):
        n = len(options_of(activity))
        return [("", {str(i): [rng.randint(0, 10), rng.randint(0, 10)] for i in range(n)})]


register(Grid("grid", gettext_lazy("Poll: placement on a 2x2 grid")))
