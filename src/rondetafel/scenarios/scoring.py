"""Scoring scenarios from phones: a second activity type this app plugs into `workshops`. Each
participant scores every written-up scenario on the facilitator's criteria (1 to 5); the field's
page shows the means per side, so it is visible where residents and the municipality differ."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.workshops.activities import ActivityType, register
from rondetafel.workshops.activities.base import whole_number

from .models import Scenario, ScenarioField

SCORES_KIND = "scenario_scores"
LOW, HIGH = 1, 5
MAX_CRITERIA = 5


def options_text(scenario_field, criteria: list[str]) -> str:
    return "\n".join([str(scenario_field.pk), *criteria])


class ScenarioScoring(ActivityType):
    has_items = True
    offered_in_console = False  # started from the scenario field's page

    def configure(self, options_text):
        lines = [line.strip() for line in options_text.splitlines() if line.strip()]
        try:
            field_id = uuid.UUID(lines[0]) if lines else None
        except ValueError:
            field_id = None
        if field_id is None or not ScenarioField.objects.filter(pk=field_id).exists():
            raise ValidationError(_("Start scoring from the scenario field's page."))
        criteria = [c[:80] for c in lines[1:]]
        if not 1 <= len(criteria) <= MAX_CRITERIA:
            raise ValidationError(
                _("Give one to %(n)d criteria, one per line.") % {"n": MAX_CRITERIA}
            )
        return {"field": str(field_id), "criteria": criteria}

    def _scenarios(self, activity) -> list[Scenario]:
        return list(Scenario.objects.filter(field_id=activity.config.get("field")))

    def value_from_fields(self, activity, fields):
        return {str(i): fields.get(f"c{i}", "") for i in range(len(activity.config["criteria"]))}

    def clean(self, activity, item, value, known_items=None):
        criteria = activity.config["criteria"]
        message = _("Give every criterion a score from %(low)d to %(high)d.") % {
            "low": LOW,
            "high": HIGH,
        }
        if item not in {s.pk.hex for s in self._scenarios(activity)}:
            raise ValidationError(_("This scenario is not part of the field."))
        if not isinstance(value, dict) or len(value) > len(criteria):
            raise ValidationError(message)
        scores = {}
        for i in range(len(criteria)):
            score = whole_number(value.get(str(i)), message)
            if not LOW <= score <= HIGH:
                raise ValidationError(message)
            scores[str(i)] = score
        return scores

    def results(self, activity, responses, sides):
        criteria = activity.config["criteria"]
        table = score_table(responses, sides, len(criteria))
        return {
            "criteria": criteria,
            "scenarios": [
                {
                    "name": s.name,
                    "means": [
                        table.get(s.pk.hex, {}).get(i, {}).get("all") for i in range(len(criteria))
                    ],
                    "n": table.get(s.pk.hex, {}).get("n", 0),
                }
                for s in self._scenarios(activity)
            ],
        }

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        from . import selectors

        done = set(
            Response.objects.filter(activity=activity, participant=participant).values_list(
                "item", flat=True
            )
        )
        todo = [s for s in self._scenarios(activity) if s.pk.hex not in done]
        if not todo:
            return {"scenario": None, "remaining": 0}
        scenario = todo[0]
        state = selectors.field_state(scenario.field)
        names = {str(v.pk): (p.name, v.name) for p, values in state.parameters for v in values}
        return {
            "scenario": scenario,
            "scenario_values": [names.get(v, ("?", "?")) for v in scenario.configuration],
            "criteria": list(enumerate(activity.config["criteria"])),
            "scores": range(LOW, HIGH + 1),
            "remaining": len(todo),
        }

    def has_answered(self, context):
        return context.get("scenario") is None

    def simulate(self, activity, rng):
        n = len(activity.config["criteria"])
        return [
            (s.pk.hex, {str(i): rng.randint(LOW, HIGH) for i in range(n)})
            for s in self._scenarios(activity)
        ]


def score_table(responses, sides: dict, criteria: int) -> dict:
    """{scenario hex: {"n": answers, criterion index: {"all": mean, side: mean}}}."""
    values: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    counts: dict = defaultdict(int)
    for r in responses:
        counts[r.item] += 1
        for i in range(criteria):
            score = r.value.get(str(i)) if isinstance(r.value, dict) else None
            if score is not None:
                values[r.item][i]["all"].append(score)
                values[r.item][i][sides.get(r.participant_id, "")].append(score)
    return {
        item: {
            "n": counts[item],
            **{
                i: {group: round(statistics.fmean(v), 1) for group, v in groups.items()}
                for i, groups in per_criterion.items()
            },
        }
        for item, per_criterion in values.items()
    }


register(ScenarioScoring(SCORES_KIND, gettext_lazy("Scenarios: score on criteria")))
