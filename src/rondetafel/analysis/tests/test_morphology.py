"""The morphological engine against brute force (hypothesis, small fields), and what it tells a
facilitator about fields that need rework."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rondetafel.analysis.morphology import (
    Field,
    FieldError,
    Judgement,
    Value,
    Verdict,
    compile_space,
    count,
    dead_values,
    explore,
    nearest,
)
from rondetafel.analysis.morphology.engine import Model
from rondetafel.analysis.morphology.synthetic import random_field


@st.composite
def small_fields(draw):
    n = draw(st.integers(2, 5))
    sizes = [draw(st.integers(2, 4)) for _ in range(n)]
    pairs = [
        (Value(i, a), Value(j, b))
        for i in range(n)
        for j in range(i + 1, n)
        for a in range(sizes[i])
        for b in range(sizes[j])
    ]
    cut = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs), unique=True))
    return Field(
        parameters=tuple(f"P{i}" for i in range(n)),
        values=tuple(tuple(f"v{a}" for a in range(m)) for m in sizes),
        judgements=tuple(Judgement(x, y, Verdict.INCONSISTENT, reason="r") for x, y in cut),
    )


def brute_force(field: Field) -> set[tuple[int, ...]]:
    bad = {
        (j.first.parameter, j.first.value, j.second.parameter, j.second.value)
        for j in field.inconsistent()
    }
    out = set()
    for config in itertools.product(*[range(m) for m in field.sizes]):
        if not any((p, config[p], q, config[q]) in bad for p, _a, q, _b in bad):
            out.add(config)
    return out


@settings(max_examples=150, deadline=None)
@given(small_fields())
def test_compiled_configurations_are_exactly_the_brute_force_ones(field):
    compiled = compile_space(field)
    got = {tuple(int(v) for v in row) for row in compiled.space.configurations}
    assert got == brute_force(field)
    assert count(Model(field)).value == len(got)  # counting agrees without listing


@settings(max_examples=100, deadline=None)
@given(small_fields(), st.data())
def test_exploration_counts_match_the_brute_force(field, data):
    expected = brute_force(field)
    fixed = {
        p: data.draw(st.integers(0, field.sizes[p] - 1))
        for p in data.draw(st.sets(st.integers(0, len(field.sizes) - 1), max_size=2))
    }
    remaining = [c for c in expected if all(c[p] == a for p, a in fixed.items())]
    for compiled in (compile_space(field), compile_space(field, limit=0)):  # listed, counted
        seen = explore(compiled, fixed)
        assert seen.total == len(remaining)
        for p, m in enumerate(field.sizes):
            for a in range(m):
                truth = sum(1 for c in remaining if c[p] == a)
                if compiled.too_large and compiled.count.method != "elimination":
                    assert (seen.support[p][a] > 0) == (truth > 0)
                else:
                    assert seen.support[p][a] == truth


@settings(max_examples=100, deadline=None)
@given(small_fields(), st.integers(1, 6))
def test_a_diverse_selection_holds_only_consistent_distinct_configurations(field, k):
    compiled = compile_space(field)
    expected = brute_force(field)
    rows = compiled.space.diverse(k)
    picked = [tuple(compiled.space.configuration(r)) for r in rows]
    assert set(picked) <= expected
    assert len(set(picked)) == len(picked) == min(k, len(expected))


@settings(max_examples=100, deadline=None)
@given(small_fields(), st.data())
def test_the_nearest_consistent_configuration_is_nearest(field, data):
    wish = [data.draw(st.integers(0, m - 1)) for m in field.sizes]
    expected = brute_force(field)
    for compiled in (compile_space(field), None):
        found = nearest(field, wish, compiled)
        if not expected:
            assert found.configuration is None
            continue
        best = min(sum(x != y for x, y in zip(c, wish, strict=True)) for c in expected)
        assert tuple(found.configuration) in expected and found.distance == best
    broken = {
        (j.first, j.second)
        for j in field.inconsistent()
        if wish[j.first.parameter] == j.first.value and wish[j.second.parameter] == j.second.value
    }
    assert {(j.first, j.second) for j in found.blocking} == broken


def test_dead_values_are_shown_with_the_judgements_that_exclude_them():
    field = Field(
        parameters=("Wie beslist", "Wie betaalt", "Toezicht"),
        values=(
            ("Bewonerscollectief", "Gemeente"),
            ("Bewoners", "Gemeente", "Fonds"),
            ("Geen", "Gemeente"),
        ),
        judgements=(
            Judgement(
                Value(0, 1), Value(1, 0), Verdict.INCONSISTENT, reason="wie betaalt, bepaalt"
            ),
            Judgement(Value(0, 1), Value(1, 1), Verdict.INCONSISTENT, reason="dan geen zelfbeheer"),
            Judgement(Value(0, 1), Value(1, 2), Verdict.INCONSISTENT, reason="fonds wil bewoners"),
        ),
    )
    compiled = compile_space(field)
    dead = dead_values(field, explore(compiled))
    assert [d.value for d in dead] == [Value(0, 1)]
    assert dead[0].blocked_parameter == 1
    assert {j.reason for j in dead[0].judgements} == {
        "wie betaalt, bepaalt",
        "dan geen zelfbeheer",
        "fonds wil bewoners",
    }
    # the same without a compiled space (search)
    assert [d.value for d in dead_values(field)] == [Value(0, 1)]


def test_judgements_that_exclude_everything_leave_no_configuration_and_say_which_values_died():
    field = random_field(4, 3, 1.0, seed=2)
    compiled = compile_space(field)
    assert compiled.count.value == 0 and compiled.space.size == 0
    assert len(dead_values(field, explore(compiled))) == 12
    assert nearest(field, [0, 0, 0, 0], compiled).configuration is None


def test_a_field_too_large_to_list_is_counted_and_said_to_be():
    field = random_field(12, 6, 0.05, seed=1)
    compiled = compile_space(field, limit=100_000)
    assert compiled.too_large and compiled.space is None
    assert compiled.count.value is not None and compiled.count.value > 100_000
    # a budget too small to count everything says so instead of guessing
    small = count(Model(field), budget=1_000)
    assert small.method in ("budget", "elimination")
    if small.method == "budget":
        assert not small.exact


def test_a_sparse_field_is_counted_by_elimination():
    field = random_field(40, 6, 0.3, seed=3, constrained_pairs=0.07)
    result = count(Model(field))
    assert result.method == "elimination"
    # fixing a value counts the configurations that have it: they add up to the total
    by_value = [count(Model(field), {0: a}).value for a in range(6)]
    assert sum(by_value) == pytest.approx(result.value, rel=1e-9)


@pytest.mark.parametrize(
    "parameters, values, code",
    [
        (("A",), (("x", "y"),), "too-few-parameters"),
        (("A", "B"), (("x",), ("x", "y")), "too-few-values"),
        (("A", "a "), (("x", "y"), ("x", "y")), "duplicate-parameter"),
        (("A", "B"), (("x", "X"), ("x", "y")), "duplicate-value"),
        (("A", ""), (("x", "y"), ("x", "y")), "unnamed-parameter"),
    ],
)
def test_fields_that_cannot_be_analysed_say_why(parameters, values, code):
    with pytest.raises(FieldError) as caught:
        Field(parameters=parameters, values=values)
    assert caught.value.code == code


def test_a_judgement_within_one_parameter_is_refused():
    with pytest.raises(FieldError) as caught:
        Field(
            parameters=("A", "B"),
            values=(("x", "y"), ("x", "y")),
            judgements=(Judgement(Value(0, 0), Value(0, 1), Verdict.INCONSISTENT),),
        )
    assert caught.value.code == "same-parameter"


def test_configurations_come_back_in_the_fields_parameter_order():
    field = random_field(6, 4, 0.25, seed=5)
    compiled = compile_space(field)
    model = Model(field)
    assert compiled.space.size > 0
    assert all(model.consistent(row) for row in compiled.space.configurations)
    assert np.all(compiled.space.configurations < 4)


@pytest.mark.parametrize("seed", range(12))
def test_counting_by_search_agrees_with_brute_force(monkeypatch, seed):
    """Dense fields are counted by search (elimination would build huge tensors)."""
    from rondetafel.analysis.morphology import engine

    monkeypatch.setattr(engine, "MAX_WIDTH", -1)
    field = random_field(5, 3, 0.2, seed=seed)
    expected = brute_force(field)
    result = count(Model(field))
    assert result.method == "search" and result.exact and result.value == len(expected)
    fixed = {1: 2}
    seen = explore(compile_space(field, limit=0), fixed)
    for p, m in enumerate(field.sizes):
        for a in range(m):
            possible = any(c[1] == 2 and c[p] == a for c in expected)
            assert (seen.support[p][a] > 0) == possible
