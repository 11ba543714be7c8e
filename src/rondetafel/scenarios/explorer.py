"""The explorer's view of a field: with some values fixed, how many configurations remain and
which values stay possible. Values that are no longer (or never) possible stay on the page,
crossed out, with the judgements that exclude them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rondetafel.analysis import morphology as gma

from . import selectors


@dataclass
class ValueRow:
    value: object  # ParameterValue
    support: int
    fixed: bool
    reasons: list[str] = field(default_factory=list)
    never: bool = False  # in no consistent configuration at all (the field needs rework)

    @property
    def possible(self) -> bool:
        return self.support > 0


@dataclass
class Explorer:
    total: int | None
    exact: bool
    too_large: bool
    possible_total: int | None  # with nothing fixed
    rows: list  # [(Parameter, [ValueRow])]
    never: list  # [ValueRow] dead in the whole field
    fixed: dict


def explorer(state: selectors.FieldState, fixed: dict[int, int]) -> Explorer | None:
    if state.analysis is None:
        return None
    compiled = gma.compile_space(state.analysis)
    seen = gma.explore(compiled, fixed)
    everything = gma.explore(compiled) if fixed else seen
    dead = {d.value: d for d in gma.dead_values(state.analysis, everything)}
    inconsistent = state.analysis.inconsistent()
    rows, never = [], []
    for i, (parameter, values) in enumerate(state.parameters):
        cells = []
        for a, value in enumerate(values):
            here = gma.Value(i, a)
            row = ValueRow(value, seen.support[i][a], fixed.get(i) == a)
            if here in dead:
                row.never = True
                row.reasons = [_reason(state, j, here) for j in dead[here].judgements]
                never.append(row)
            elif not row.possible:
                row.reasons = [
                    _reason(state, j, here)
                    for j in inconsistent
                    if j.involves(here)
                    and fixed.get(j.other(here).parameter) == j.other(here).value
                ] or [_("No consistent configuration with the chosen values has it.")]
            cells.append(row)
        rows.append((parameter, cells))
    return Explorer(
        total=seen.total,
        exact=compiled.count.exact,
        too_large=compiled.too_large,
        possible_total=everything.total,
        rows=rows,
        never=never,
        fixed=fixed,
    )


def _reason(state, judgement: gma.Judgement, value: gma.Value) -> str:
    other = state.value(judgement.other(value))
    text = _("cannot go with %(other)s") % {"other": f"{other.parameter.name}: {other.name}"}
    return f"{text} ({judgement.reason})" if judgement.reason else text


@dataclass
class Wish:
    wanted: list  # ParameterValue per parameter, as asked
    nearest: list | None  # ParameterValue per parameter, or None when nothing is consistent
    distance: int
    blocking: list  # (ParameterValue, ParameterValue, reason)

    @property
    def consistent(self) -> bool:
        return self.distance == 0 and self.nearest is not None


def wish_from(state: selectors.FieldState, query) -> Wish | None:
    """A configuration someone wishes for (?w=<value id> per parameter): the nearest consistent
    one and the judgements the wish breaks. None unless every parameter has a value."""
    if state.analysis is None:
        return None
    by_id = {str(v): position for v, position in state.position.items()}
    chosen: dict[int, int] = {}
    for raw in query.getlist("w"):
        position = by_id.get(raw)
        if position is not None:
            chosen[position.parameter] = position.value
    if len(chosen) != len(state.parameters):
        return None
    wanted = [chosen[p] for p in range(len(state.parameters))]
    found = gma.nearest(state.analysis, wanted, gma.compile_space(state.analysis))
    return Wish(
        wanted=[state.value(gma.Value(p, a)) for p, a in enumerate(wanted)],
        nearest=[state.value(gma.Value(p, a)) for p, a in enumerate(found.configuration)]
        if found.configuration is not None
        else None,
        distance=found.distance,
        blocking=[(state.value(j.first), state.value(j.second), j.reason) for j in found.blocking],
    )
