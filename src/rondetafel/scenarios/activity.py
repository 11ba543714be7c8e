"""Judging value pairs from phones: a live-session activity type that this app plugs into
`workshops` (ADR 0016). Each participant gets their share of the pairs, shared out so that
every pair is judged by someone of each side in the room; the answer is a verdict with a
reason (cannot go together) or a condition (only if)."""

from __future__ import annotations

import random
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.workshops.activities import ActivityType, register

from .constants import PAIRS_KIND
from .models import ScenarioField, Verdict

MAX_NOTE = 300


class PairJudging(ActivityType):
    has_items = True
    template_dir = "morph_pairs"
    offered_in_console = False  # started from the scenario field's page

    def configure(self, options_text):
        try:
            field_id = uuid.UUID(options_text.strip())
        except ValueError as exc:
            raise ValidationError(_("Start pair judging from the scenario field's page.")) from exc
        if not ScenarioField.objects.filter(pk=field_id).exists():
            raise ValidationError(_("Start pair judging from the scenario field's page."))
        return {"field": str(field_id)}

    def _state(self, activity):
        from . import selectors

        scenario_field = ScenarioField.objects.filter(pk=activity.config.get("field")).first()
        return selectors.field_state(scenario_field) if scenario_field else None

    def value_from_fields(self, activity, fields):
        return {
            "verdict": fields.get("verdict", ""),
            "reason": fields.get("reason", ""),
            "condition": fields.get("condition", ""),
        }

    def clean(self, activity, item, value, known_items=None):
        if not isinstance(value, dict) or value.get("verdict") not in Verdict.values:
            raise ValidationError(_("Choose whether the two values can go together."))
        reason = str(value.get("reason") or "").strip()[:MAX_NOTE]
        condition = str(value.get("condition") or "").strip()[:MAX_NOTE]
        if value["verdict"] == Verdict.INCONSISTENT and not reason:
            raise ValidationError(_("Say why the two values cannot go together."))
        if value["verdict"] == Verdict.CONDITIONAL and not condition:
            raise ValidationError(_("Say under which condition."))
        from . import selectors

        if item not in selectors.pair_keys(activity.config.get("field")):
            raise ValidationError(_("This pair is not part of the field."))
        return {"verdict": value["verdict"], "reason": reason, "condition": condition}

    def results(self, activity, responses, sides):
        state = self._state(activity)
        if state is None:
            return {"pairs": 0, "judged": 0, "contested": [], "agreed_out": 0}
        from . import selectors

        compiled = selectors.space(state)
        return {
            "configurations": compiled.count.value if compiled else None,
            "counted_exactly": bool(compiled and compiled.count.exact),
            "pairs": len(state.pairs),
            "judged": sum(1 for p in state.pairs if p.judged),
            "agreed_out": sum(
                1 for p in state.pairs if p.status == "agreed" and p.verdict == Verdict.INCONSISTENT
            ),
            "contested": [
                {"first": str(p.first), "second": str(p.second), "votes": dict(p.verdicts)}
                for p in state.contested
            ],
            "judges": len({r.participant_id for r in responses}),
        }

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        state = self._state(activity)
        if state is None:
            return {"pair": None, "remaining": 0}
        mine = share(state, activity, participant)
        done = set(
            Response.objects.filter(activity=activity, participant=participant).values_list(
                "item", flat=True
            )
        )
        todo = [p for p in mine if p.key not in done]
        return {"pair": todo[0] if todo else None, "remaining": len(todo), "share": len(mine)}

    def has_answered(self, context):
        return context.get("pair") is None

    def simulate(self, activity, rng):
        state = self._state(activity)
        if state is None:
            return []
        out = []
        for pair in rng.sample(state.pairs, min(5, len(state.pairs))):
            verdict = rng.choice([Verdict.CONSISTENT, Verdict.CONSISTENT, Verdict.INCONSISTENT])
            out.append(
                (
                    pair.key,
                    {
                        "verdict": verdict,
                        "reason": "Gaat niet samen." if verdict == Verdict.INCONSISTENT else "",
                        "condition": "",
                    },
                )
            )
        return out


def share(state, activity, participant) -> list:
    """This participant's pairs: within each side, the pairs are dealt out in turn over the
    side's participants (in order of joining), so each pair gets a judge from every side."""
    from rondetafel.workshops.models import Participant

    same_side = list(
        Participant.objects.filter(workshop=activity.workshop_id, side=participant.side)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    if participant.pk not in same_side:
        return []
    seat = same_side.index(participant.pk)
    pairs = list(state.pairs)
    random.Random(str(activity.pk)).shuffle(pairs)  # noqa: S311 - an order, not a secret
    return [p for i, p in enumerate(pairs) if i % len(same_side) == seat]


register(PairJudging(PAIRS_KIND, gettext_lazy("Scenario field: judge value pairs")))
