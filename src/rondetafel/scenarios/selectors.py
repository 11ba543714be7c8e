"""Reads of a scenario field: its parameters and values, the state of every value pair (the
participants' judgements by side, the plenary's decision), and its solution space."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rondetafel.analysis import morphology as gma

from .constants import PAIRS_KIND
from .models import PairDecision, ParameterValue, ScenarioField, Verdict


def field_list(*, trajectory):
    return ScenarioField.objects.filter(trajectory=trajectory, next__isnull=True).order_by(
        "created_at"
    )


def field_get(*, trajectory, field_id) -> ScenarioField | None:
    return ScenarioField.objects.filter(trajectory=trajectory, pk=field_id).first()


def pair_keys(field_id) -> set[str]:
    """Every pair of the field as answers name it, in one query (no answers read): what a
    phone's answer is checked against, vote by vote."""
    from .models import ParameterValue

    by_parameter: dict = defaultdict(list)
    for position, pk in ParameterValue.objects.filter(parameter__field_id=field_id).values_list(
        "parameter__position", "pk"
    ):
        by_parameter[position].append(pk)
    columns = [by_parameter[p] for p in sorted(by_parameter)]
    return {
        f"{a.hex}{b.hex}"
        for i, first in enumerate(columns)
        for second in columns[i + 1 :]
        for a in first
        for b in second
    }


def pair_key(first, second) -> str:
    """A pair as an answer's item (at most 64 characters): the two values' ids in hex, the
    value of the earlier parameter first."""
    return f"{first.pk.hex}{second.pk.hex}"


@dataclass
class PairState:
    first: object  # ParameterValue of the earlier parameter
    second: object
    verdicts: Counter = field(default_factory=Counter)  # verdict -> participants
    sides: dict = field(default_factory=lambda: defaultdict(Counter))  # side -> Counter
    reasons: list = field(default_factory=list)  # (verdict, reason or condition, side)
    decision: object = None  # PairDecision

    @property
    def key(self) -> str:
        return pair_key(self.first, self.second)

    @property
    def judged(self) -> int:
        return sum(n for v, n in self.verdicts.items() if v != Verdict.UNKNOWN)

    @property
    def contested(self) -> bool:
        """Some say the two values can go together, others that they cannot."""
        return self.verdicts[Verdict.INCONSISTENT] > 0 and (
            self.verdicts[Verdict.CONSISTENT] + self.verdicts[Verdict.CONDITIONAL] > 0
        )

    @property
    def status(self) -> str:
        if self.decision is not None:
            return "decided"
        if self.contested:
            return "contested"
        return "agreed" if self.judged else "open"

    @property
    def verdict(self) -> str:
        """What the space uses: the decision, else what everyone agreed; a contested or unjudged
        pair counts as possible until the plenary decides."""
        if self.decision is not None:
            return self.decision.verdict
        if self.status == "agreed":
            return self.verdicts.most_common(1)[0][0]
        return Verdict.CONSISTENT


@dataclass
class FieldState:
    field: ScenarioField
    parameters: list  # [(Parameter, [ParameterValue, ...])]
    pairs: list[PairState]
    analysis: gma.Field | None  # None while the field cannot be analysed
    problem: gma.FieldError | None
    position: dict  # value id -> gma.Value

    @property
    def contested(self) -> list[PairState]:
        return [p for p in self.pairs if p.status == "contested"]

    def value(self, value) -> ParameterValue:
        """The ParameterValue of a gma.Value."""
        parameter, values = self.parameters[value.parameter]
        return values[value.value]


def field_state(field_obj: ScenarioField) -> FieldState:
    from rondetafel.workshops.models import Response

    parameters = [
        (p, list(p.values.all())) for p in field_obj.parameters.prefetch_related("values")
    ]
    position = {
        v.pk: gma.Value(i, a)
        for i, (_p, values) in enumerate(parameters)
        for a, v in enumerate(values)
    }
    pairs: dict[str, PairState] = {}
    for i, (_p, first_values) in enumerate(parameters):
        for _q, second_values in parameters[i + 1 :]:
            for a in first_values:
                for b in second_values:
                    state = PairState(a, b)
                    pairs[state.key] = state
    answers = Response.objects.filter(
        activity__kind=PAIRS_KIND, activity__config__field=str(field_obj.pk)
    ).values_list("item", "value", "participant__side")
    for item, value, side in answers:
        state = pairs.get(item)
        if state is None or not isinstance(value, dict):
            continue  # a pair of a value since removed: kept in the history, not applied
        verdict = value.get("verdict")
        state.verdicts[verdict] += 1
        state.sides[side][verdict] += 1
        note = value.get("reason") or value.get("condition")
        if note:
            state.reasons.append((verdict, note, side))
    for decision in PairDecision.objects.filter(field=field_obj):
        state = pairs.get(pair_key(decision.first, decision.second))
        if state is not None:
            state.decision = decision
    judgements = []
    for state in pairs.values():
        if state.verdict == Verdict.INCONSISTENT:
            note = (
                state.decision.reason
                if state.decision
                else "; ".join(r for v, r, _s in state.reasons if v == Verdict.INCONSISTENT)
            )
            judgements.append(
                gma.Judgement(
                    position[state.first.pk],
                    position[state.second.pk],
                    gma.Verdict.INCONSISTENT,
                    reason=note,
                )
            )
    analysis, problem = None, None
    try:
        analysis = gma.Field(
            parameters=tuple(p.name for p, _v in parameters),
            values=tuple(tuple(v.name for v in values) for _p, values in parameters),
            judgements=tuple(judgements),
        )
    except gma.FieldError as exc:
        problem = exc
    return FieldState(field_obj, parameters, list(pairs.values()), analysis, problem, position)


def space(state: FieldState) -> gma.Compiled | None:
    return gma.compile_space(state.analysis) if state.analysis is not None else None


def fixed_from(state: FieldState, query) -> dict[int, int]:
    """The explorer's fixed values from a query string: ?p=<value id>&p=... (unknown ids are
    ignored)."""
    fixed = {}
    for raw in query.getlist("p"):
        value = next((v for v in state.position if str(v) == raw), None)
        if value is not None:
            position = state.position[value]
            fixed[position.parameter] = position.value
    return fixed


@dataclass
class Scores:
    criteria: list[str]
    sides: list[tuple[str, str]]  # (side, name) of the sides that scored
    rows: dict  # scenario id (str) -> [(criterion, mean, [mean per side in `sides` order])]


def scores(field_obj: ScenarioField) -> Scores | None:
    """The participants' scores of the field's scenarios from the latest scoring activity: the
    mean per criterion, overall and per side."""
    from rondetafel.trajectories.selectors import side_labels
    from rondetafel.workshops.models import Activity, Response

    from .scoring import SCORES_KIND, score_table

    activity = (
        Activity.objects.filter(kind=SCORES_KIND, config__field=str(field_obj.pk))
        .order_by("-created_at")
        .first()
    )
    if activity is None:
        return None
    criteria = activity.config["criteria"]
    answers = list(
        Response.objects.filter(activity=activity).values_list(
            "item", "value", "participant_id", "participant__side"
        )
    )
    sides = {pid: side for _i, _v, pid, side in answers}

    @dataclass
    class Row:
        item: str
        value: object
        participant_id: object

    table = score_table([Row(i, v, p) for i, v, p, _s in answers], sides, len(criteria))
    names = side_labels(field_obj.trajectory)
    present = sorted({side for side in sides.values()})
    rows = {}
    for scenario in field_obj.scenarios.all():
        row = table.get(scenario.pk.hex, {})
        rows[str(scenario.pk)] = [
            (
                criterion,
                row.get(i, {}).get("all"),
                [row.get(i, {}).get(side) for side in present],
            )
            for i, criterion in enumerate(criteria)
        ]
    return Scores(criteria, [(s, names.get(s, s)) for s in present], rows)


def value_proposals(scenario_field) -> list[dict]:
    """Values proposed from phones for this field (this version or an earlier one) that the
    field does not have yet."""
    from rondetafel.workshops.models import Participant, Response

    from .constants import VALUES_KIND
    from .proposals import proposals

    chain = []
    current = scenario_field
    while current is not None:
        chain.append(str(current.pk))
        current = current.previous
    rows = Response.objects.filter(
        activity__kind=VALUES_KIND,
        activity__workshop__trajectory=scenario_field.trajectory_id,
    ).values_list("item", "value", "activity__config", "participant_id")
    sides = dict(
        Participant.objects.filter(workshop__trajectory=scenario_field.trajectory_id).values_list(
            "pk", "side"
        )
    )
    return proposals(
        scenario_field,
        [
            (item, value, sides.get(participant, ""))
            for item, value, config, participant in rows
            if (config or {}).get("field") in chain
        ],
    )
