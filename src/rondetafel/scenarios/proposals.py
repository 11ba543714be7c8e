"""Proposing values from phones: a live-session activity type this app plugs into `workshops`
(ADR 0016). Per parameter, each participant may propose one value (and change it); the field's
page lists the proposals with how many people, of which sides, made them, and the facilitator
takes a value into the field with one click (`services.value_add`)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.workshops.activities import ActivityType, register

from .constants import VALUES_KIND
from .models import Parameter, ScenarioField

MAX_NAME = 120


def _field_id(activity) -> str:
    return activity.config.get("field", "")


class ValueProposals(ActivityType):
    has_items = True  # the item is the parameter
    template_dir = "morph_values"
    offered_in_console = False  # started from the scenario field's page

    def configure(self, options_text):
        try:
            field_id = uuid.UUID(options_text.strip())
        except ValueError as exc:
            raise ValidationError(
                _("Start proposing values from the scenario field's page.")
            ) from exc
        if not ScenarioField.objects.filter(pk=field_id).exists():
            raise ValidationError(_("Start proposing values from the scenario field's page."))
        return {"field": str(field_id)}

    def _parameters(self, activity):
        return Parameter.objects.filter(field_id=_field_id(activity)).prefetch_related("values")

    def value_from_fields(self, activity, fields):
        return {"name": fields.get("name", ""), "description": fields.get("description", "")}

    def clean(self, activity, item, value, known_items=None):
        parameter = self._parameters(activity).filter(pk=_uuid(item)).first()
        if parameter is None:
            raise ValidationError(_("This parameter is not part of the field."))
        if not isinstance(value, dict):
            raise ValidationError(_("Name the value you propose."))
        name = " ".join(str(value.get("name") or "").split())[:MAX_NAME]
        if not name:
            raise ValidationError(_("Name the value you propose."))
        if any(v.name.casefold() == name.casefold() for v in parameter.values.all()):
            raise ValidationError(
                _("“%(name)s” is a value of %(parameter)s already.")
                % {"name": name, "parameter": parameter.name}
            )
        return {"name": name, "description": str(value.get("description") or "").strip()[:300]}

    def results(self, activity, responses, sides):
        field = ScenarioField.objects.filter(pk=_field_id(activity)).first()
        if field is None:
            return {"proposals": []}
        rows = [(r.item, r.value, sides.get(r.participant_id, "")) for r in responses]
        return {"proposals": proposals(field, rows)}

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        mine = dict(
            Response.objects.filter(activity=activity, participant=participant).values_list(
                "item", "value"
            )
        )
        return {
            "parameters": [
                (p, [v.name for v in p.values.all()], mine.get(str(p.pk)))
                for p in self._parameters(activity)
            ],
            "answer": mine or None,
        }

    def has_answered(self, context):
        return bool(context.get("answer"))

    def export_value(self, activity, value):
        return value.get("name", "") if isinstance(value, dict) else str(value)

    def simulate(self, activity, rng):
        parameters = list(self._parameters(activity))
        if not parameters:
            return []
        return [(str(rng.choice(parameters).pk), {"name": f"Voorstel {rng.randint(1, 9)}"})]


def proposals(scenario_field, rows) -> list[dict]:
    """Per parameter of this version of the field, the values proposed that it does not have
    yet, most proposed first, with the sides that proposed them. `rows` are (parameter id,
    answer, side), from this version's sessions or an earlier one's: parameters are matched by
    name, so proposals survive a new version."""
    by_id = {
        str(pk): name.casefold()
        for pk, name in Parameter.objects.filter(
            pk__in={_uuid(i) for i, _v, _s in rows} - {None}
        ).values_list("pk", "name")
    }
    current = {p.name.casefold(): p for p in scenario_field.parameters.prefetch_related("values")}
    grouped: dict = defaultdict(dict)
    for item, value, side in rows:
        parameter = current.get(by_id.get(str(item), ""))
        if parameter is None or not isinstance(value, dict) or not value.get("name"):
            continue
        entry = grouped[parameter.pk].setdefault(
            value["name"].casefold(), {"name": value["name"], "count": 0, "sides": set()}
        )
        entry["count"] += 1
        if side:
            entry["sides"].add(side)
    out = []
    for parameter in current.values():
        existing = {v.name.casefold() for v in parameter.values.all()}
        shown = [
            {"name": v["name"], "count": v["count"], "sides": sorted(v["sides"])}
            for key, v in grouped.get(parameter.pk, {}).items()
            if key not in existing
        ]
        if shown:
            shown.sort(key=lambda v: (-v["count"], v["name"]))
            # plain data: results travel to screens as JSON
            out.append(
                {
                    "parameter": parameter.name,
                    "parameter_id": str(parameter.pk),
                    "position": parameter.position,
                    "values": shown,
                }
            )
    return sorted(out, key=lambda p: p["position"])


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


register(ValueProposals(VALUES_KIND, gettext_lazy("Scenario field: propose values")))
