"""Writes of the scenario workshop: the field and its versions, the start of judging in a live
session, the plenary's decisions, and the scenarios picked and written up."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.analysis import morphology as gma
from rondetafel.trajectories.audit import audit

from . import selectors
from .constants import DEFAULT_SCENARIOS, MAX_PARAMETERS, MAX_VALUES, PAIRS_KIND, VALUES_KIND
from .models import PairDecision, Parameter, ParameterValue, Scenario, ScenarioField, Verdict


@transaction.atomic
def field_create(*, trajectory, actor, title: str, question: str = "") -> ScenarioField:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the field a title.")})
    scenario_field = ScenarioField.objects.create(
        trajectory=trajectory, title=title[:200], question=(question or "").strip()
    )
    audit("scenarios.field_created", actor=actor, obj=scenario_field, trajectory=trajectory)
    return scenario_field


def _values_from(text: str) -> list[tuple[str, str]]:
    """One value per line; "name: description" gives it a description."""
    values = []
    for line in (text or "").splitlines():
        name, _sep, description = line.partition(":")
        if name.strip():
            values.append((name.strip()[:120], description.strip()[:300]))
    return values


def _editable(scenario_field: ScenarioField, actor) -> ScenarioField:
    """The version to edit: this one, or, once judging has begun, a new version (the judgements
    stay with the old one, in the history)."""
    if scenario_field.judging_started_at is None:
        return scenario_field
    return field_new_version(scenario_field=scenario_field, actor=actor)


@transaction.atomic
def field_new_version(*, scenario_field: ScenarioField, actor) -> ScenarioField:
    """A copy of the field to change; the plenary's decisions on pairs that still exist go with
    it, the participants' judgements stay with the version they judged."""
    old = ScenarioField.objects.select_for_update().get(pk=scenario_field.pk)
    if hasattr(old, "next"):
        raise ValidationError(_("A newer version of this field exists; change that one."))
    new = ScenarioField.objects.create(
        trajectory=old.trajectory,
        title=old.title,
        question=old.question,
        version=old.version + 1,
        previous=old,
    )
    copies = {}
    for parameter in old.parameters.all():
        copy = Parameter.objects.create(
            field=new,
            position=parameter.position,
            name=parameter.name,
            description=parameter.description,
        )
        for value in parameter.values.all():
            copies[value.pk] = ParameterValue.objects.create(
                parameter=copy,
                position=value.position,
                name=value.name,
                description=value.description,
            )
    for decision in old.decisions.all():
        PairDecision.objects.create(
            field=new,
            first=copies[decision.first_id],
            second=copies[decision.second_id],
            verdict=decision.verdict,
            reason=decision.reason,
            condition=decision.condition,
            decided_by=decision.decided_by,
        )
    audit(
        "scenarios.field_versioned",
        actor=actor,
        obj=new,
        trajectory=old.trajectory_id,
        version=new.version,
    )
    return new


@transaction.atomic
def parameter_add(
    *, scenario_field: ScenarioField, actor, name: str, values_text: str, description: str = ""
) -> ScenarioField:
    """Add a parameter with its values (one per line). Returns the field it was added to (a new
    version once judging has begun)."""
    name = " ".join((name or "").split())[:120]
    values = _values_from(values_text)
    if not name:
        raise ValidationError({"name": _("Name the parameter.")})
    if len(values) < 2:
        raise ValidationError({"values": _("Give a parameter at least two values, one per line.")})
    if len(values) > MAX_VALUES:
        raise ValidationError(
            {"values": _("Give at most %(n)d values per parameter.") % {"n": MAX_VALUES}}
        )
    folded = [v.casefold() for v, _d in values]
    if len(set(folded)) != len(folded):
        raise ValidationError({"values": _("Two values have the same name.")})
    existing = [p.name.casefold() for p in scenario_field.parameters.all()]
    if name.casefold() in existing:
        raise ValidationError({"name": _("This field already has a parameter with that name.")})
    if len(existing) >= MAX_PARAMETERS:
        raise ValidationError(
            _("A field has at most %(n)d parameters: more cannot be judged in a session.")
            % {"n": MAX_PARAMETERS}
        )
    target = _editable(scenario_field, actor)
    last = target.parameters.aggregate(m=Max("position"))["m"] or 0
    parameter = Parameter.objects.create(
        field=target, position=last + 1, name=name, description=(description or "").strip()[:300]
    )
    for i, (value, value_description) in enumerate(values):
        ParameterValue.objects.create(
            parameter=parameter, position=i + 1, name=value, description=value_description
        )
    audit(
        "scenarios.parameter_added",
        actor=actor,
        obj=parameter,
        trajectory=target.trajectory_id,
        name=name,
        values=[v for v, _d in values],
    )
    return target


@transaction.atomic
def value_add(*, parameter: Parameter, actor, name: str, description: str = "") -> ScenarioField:
    """One more value for a parameter (say, one proposed from a phone). Returns the field it
    was added to (a new version once judging has begun)."""
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError({"name": _("Name the value.")})
    if parameter.values.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This parameter has that value already.")})
    if parameter.values.count() >= MAX_VALUES:
        raise ValidationError(
            {"name": _("Give at most %(n)d values per parameter.") % {"n": MAX_VALUES}}
        )
    target = _editable(parameter.field, actor)
    copy = target.parameters.get(position=parameter.position)
    last = copy.values.aggregate(m=Max("position"))["m"] or 0
    value = ParameterValue.objects.create(
        parameter=copy, position=last + 1, name=name, description=(description or "").strip()[:300]
    )
    audit(
        "scenarios.value_added",
        actor=actor,
        obj=value,
        trajectory=target.trajectory_id,
        parameter=copy.name,
        name=name,
    )
    return target


@transaction.atomic
def proposing_start(*, scenario_field: ScenarioField, workshop, actor):
    """An activity in the live session in which participants propose values from their
    phones; the facilitator takes them into the field from the field's page."""
    from rondetafel.workshops import services as workshops

    if workshop.trajectory_id != scenario_field.trajectory_id:
        raise ValidationError(_("This session belongs to another trajectory."))
    if not scenario_field.parameters.exists():
        raise ValidationError(_("Add a parameter first; values are proposed for a parameter."))
    return workshops.activity_add(
        workshop=workshop,
        actor=actor,
        kind=VALUES_KIND,
        title=_("Which values are missing? %(title)s") % {"title": scenario_field.title},
        options_text=str(scenario_field.pk),
    )


@transaction.atomic
def parameter_remove(*, parameter: Parameter, actor) -> ScenarioField:
    target = _editable(parameter.field, actor)
    victim = target.parameters.get(position=parameter.position)
    victim.delete()
    audit(
        "scenarios.parameter_removed",
        actor=actor,
        obj=target,
        trajectory=target.trajectory_id,
        name=parameter.name,
    )
    return target


@transaction.atomic
def judging_start(*, scenario_field: ScenarioField, workshop, actor):
    """An activity in the live session in which every participant judges their share of the
    value pairs on their phone."""
    from rondetafel.workshops import services as workshops

    if workshop.trajectory_id != scenario_field.trajectory_id:
        raise ValidationError(_("This session belongs to another trajectory."))
    state = selectors.field_state(scenario_field)
    if state.problem is not None:
        raise ValidationError(
            _("The field cannot be judged yet: give it at least two parameters of two values.")
        )
    activity = workshops.activity_add(
        workshop=workshop,
        actor=actor,
        kind=PAIRS_KIND,
        title=_("Which values can go together? %(title)s") % {"title": scenario_field.title},
        options_text=str(scenario_field.pk),
    )
    ScenarioField.objects.filter(pk=scenario_field.pk, judging_started_at__isnull=True).update(
        judging_started_at=timezone.now()
    )
    return activity


@transaction.atomic
def scoring_start(*, scenario_field: ScenarioField, workshop, actor, criteria_text: str):
    """An activity in which every participant scores the written-up scenarios on the criteria
    (one per line), 1 to 5."""
    from rondetafel.workshops import services as workshops

    from .scoring import SCORES_KIND, options_text

    if workshop.trajectory_id != scenario_field.trajectory_id:
        raise ValidationError(_("This session belongs to another trajectory."))
    if not scenario_field.scenarios.exists():
        raise ValidationError(_("Choose scenarios first; then they can be scored."))
    criteria = [line.strip() for line in (criteria_text or "").splitlines() if line.strip()]
    return workshops.activity_add(
        workshop=workshop,
        actor=actor,
        kind=SCORES_KIND,
        title=_("Score the scenarios: %(title)s") % {"title": scenario_field.title},
        options_text=options_text(scenario_field, criteria),
    )


@transaction.atomic
def pair_decide(
    *,
    scenario_field: ScenarioField,
    actor,
    first,
    second,
    verdict: str,
    reason: str = "",
    condition: str = "",
) -> tuple[int, int]:
    """The plenary settles a pair. Returns how many consistent configurations there were before
    and are after, so the room sees the space shrink (or grow)."""
    if verdict not in (Verdict.CONSISTENT, Verdict.CONDITIONAL, Verdict.INCONSISTENT):
        raise ValidationError({"verdict": _("Choose whether the two values can go together.")})
    if verdict == Verdict.INCONSISTENT and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the two values cannot go together.")})
    if verdict == Verdict.CONDITIONAL and not (condition or "").strip():
        raise ValidationError({"condition": _("Say under which condition.")})
    if (
        first.parameter.field_id != scenario_field.pk
        or second.parameter.field_id != scenario_field.pk
    ):
        raise ValidationError(_("These values are not part of this field."))
    if first.parameter.position > second.parameter.position:
        first, second = second, first
    if first.parameter_id == second.parameter_id:
        raise ValidationError(_("Choose values of two different parameters."))
    before = _count(scenario_field)
    PairDecision.objects.update_or_create(
        first=first,
        second=second,
        defaults={
            "field": scenario_field,
            "verdict": verdict,
            "reason": (reason or "").strip()[:300],
            "condition": (condition or "").strip()[:300],
            "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    after = _count(scenario_field)
    _tell_sessions(scenario_field)
    audit(
        "scenarios.pair_decided",
        actor=actor,
        obj=scenario_field,
        trajectory=scenario_field.trajectory_id,
        pair=f"{first.name} / {second.name}",
        verdict=verdict,
        before=before,
        after=after,
    )
    return before, after


def _tell_sessions(scenario_field) -> None:
    """Sessions judging this field redraw: the screen shows the space shrink."""
    from rondetafel.workshops import events
    from rondetafel.workshops.models import Activity

    for workshop_id in set(
        Activity.objects.filter(kind=PAIRS_KIND, config__field=str(scenario_field.pk)).values_list(
            "workshop_id", flat=True
        )
    ):
        events.changed(workshop_id)


def _count(scenario_field) -> int:
    compiled = selectors.space(selectors.field_state(scenario_field))
    return (compiled.count.value or 0) if compiled else 0


@transaction.atomic
def scenarios_pick(*, scenario_field: ScenarioField, actor, k: int = DEFAULT_SCENARIOS) -> list:
    """Add scenarios until there are `k`, as far apart as the space allows, keeping those
    already chosen."""
    state = selectors.field_state(scenario_field)
    compiled = selectors.space(state)
    if compiled is None or compiled.space is None:
        raise ValidationError(
            _("The solution space is too large to choose from: judge more pairs first.")
        )
    if compiled.space.size == 0:
        raise ValidationError(_("No configuration is consistent: no scenario can be chosen."))
    space = compiled.space
    existing = list(scenario_field.scenarios.all())
    keep: list[int] = []
    for scenario in existing:  # the scenarios already chosen stay, as anchors
        wanted = [state.position[v].value for v in _ids(scenario.configuration, state)]
        if len(wanted) == len(state.parameters):
            rows = np.flatnonzero((space.configurations == np.array(wanted)).all(axis=1))
            keep.extend(int(r) for r in rows[:1])
    picked = space.diverse(max(k, len(existing)), keep=keep)
    created: list[Scenario] = []
    for row in picked[len(keep) :]:
        values = space.configuration(row)
        position = len(existing) + len(created) + 1
        created.append(
            Scenario.objects.create(
                field=scenario_field,
                position=position,
                name=_("Scenario %(n)d") % {"n": position},
                configuration=[str(state.parameters[p][1][a].pk) for p, a in enumerate(values)],
            )
        )
    audit(
        "scenarios.scenarios_picked",
        actor=actor,
        obj=scenario_field,
        trajectory=scenario_field.trajectory_id,
        added=len(created),
    )
    return created


def _ids(configuration, state) -> list:
    by_id = {str(v): v for v in state.position}
    return [by_id[v] for v in configuration if v in by_id]


@transaction.atomic
def scenario_add(
    *, scenario_field: ScenarioField, actor, values: list, name: str, narrative: str = ""
) -> Scenario:
    """A scenario the group composed itself (a wish kept, one value per parameter); refused,
    with the judgements it breaks, when it is not consistent."""
    state = selectors.field_state(scenario_field)
    if state.analysis is None:
        raise ValidationError(_("The field needs at least two parameters of two values each."))
    chosen = {}
    for value in values:
        position = state.position.get(value.pk)
        if position is None:
            raise ValidationError(_("These values are not part of this field."))
        chosen[position.parameter] = position.value
    if len(chosen) != len(state.parameters) or len(values) != len(state.parameters):
        raise ValidationError(_("Choose one value for every parameter."))
    configuration = [chosen[p] for p in range(len(state.parameters))]
    broken = [
        j
        for j in state.analysis.inconsistent()
        if configuration[j.first.parameter] == j.first.value
        and configuration[j.second.parameter] == j.second.value
    ]
    if broken:
        raise ValidationError(
            [
                _("%(first)s cannot go with %(second)s")
                % {
                    "first": state.value(j.first).name,
                    "second": state.value(j.second).name,
                }
                + (f" ({j.reason})" if j.reason else "")
                for j in broken
            ]
        )
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    scenario = Scenario.objects.create(
        field=scenario_field,
        position=(scenario_field.scenarios.aggregate(m=Max("position"))["m"] or 0) + 1,
        name=name,
        configuration=[str(state.value(gma.Value(p, a)).pk) for p, a in enumerate(configuration)],
        narrative=(narrative or "").strip()[:4000],
    )
    audit(
        "scenarios.scenario_added",
        actor=actor,
        obj=scenario,
        trajectory=scenario_field.trajectory_id,
        name=name,
    )
    return scenario


@transaction.atomic
def scenario_write(*, scenario: Scenario, actor, name: str, narrative: str) -> Scenario:
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    scenario.name, scenario.narrative = name, (narrative or "").strip()[:4000]
    scenario.save(update_fields=["name", "narrative", "updated_at"])
    audit(
        "scenarios.scenario_written",
        actor=actor,
        obj=scenario,
        trajectory=scenario.field.trajectory_id,
        name=name,
    )
    return scenario


@transaction.atomic
def scenario_to_agreement(*, scenario: Scenario, version, actor):
    """The scenario as a new article of a draft agreement (its configuration and narrative),
    in a section named after the field: a self-management scenario as input for the
    agreement the room will review and sign."""
    from rondetafel.agreements import services as agreements

    field = scenario.field
    if version.agreement.trajectory_id != field.trajectory_id:
        raise ValidationError(_("This agreement belongs to another trajectory."))
    state = selectors.field_state(field)
    names = {str(v.pk): (p.name, v.name) for p, values in state.parameters for v in values}
    lines = [
        f"{parameter}: {value}"
        for parameter, value in (names.get(v, ("?", "?")) for v in scenario.configuration)
    ]
    if scenario.narrative:
        lines.append(scenario.narrative)
    article = agreements.article_append(
        version=version,
        actor=actor,
        heading=_("Scenario: %(name)s") % {"name": scenario.name},
        text="\n".join(lines),
        section_heading=field.title,
        source=f"scenario:{scenario.pk}",
    )
    audit(
        "scenarios.scenario_to_agreement",
        actor=actor,
        obj=scenario,
        trajectory=field.trajectory_id,
        article=str(article.pk),
    )
    return article
