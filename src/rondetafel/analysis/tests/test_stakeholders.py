"""Quadrant and salience over every combination; the common-ground rules."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rondetafel.analysis.stakeholders import (
    HeldInterest,
    Quadrant,
    Relation,
    Salience,
    classify_topic,
    common_ground,
    quadrant,
    salience,
)

# The Mendelow grid, written out by hand for all 25 cells of the 1-5 scores.
EXPECTED_GRID = {
    # power: interest 1 to 5 (M monitor, I keep informed, S keep satisfied, D manage closely)
    1: "MMIII",
    2: "MMIII",
    3: "SSDDD",
    4: "SSDDD",
    5: "SSDDD",
}
LETTER = {
    "M": Quadrant.MONITOR,
    "I": Quadrant.KEEP_INFORMED,
    "S": Quadrant.KEEP_SATISFIED,
    "D": Quadrant.MANAGE_CLOSELY,
}


@pytest.mark.parametrize("power,interest", list(itertools.product(range(1, 6), repeat=2)))
def test_every_cell_of_the_grid(power, interest):
    assert quadrant(power, interest) == LETTER[EXPECTED_GRID[power][interest - 1]]


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, True, None, "3"])
def test_scores_out_of_range_are_refused(bad):
    with pytest.raises(ValueError):
        quadrant(bad, 3)
    with pytest.raises(ValueError):
        quadrant(3, bad)


SALIENCE_TABLE = [
    # power, legitimacy, urgency -> type (Mitchell, Agle & Wood 1997)
    (False, False, False, Salience.NON_STAKEHOLDER),
    (True, False, False, Salience.DORMANT),
    (False, True, False, Salience.DISCRETIONARY),
    (False, False, True, Salience.DEMANDING),
    (True, True, False, Salience.DOMINANT),
    (True, False, True, Salience.DANGEROUS),
    (False, True, True, Salience.DEPENDENT),
    (True, True, True, Salience.DEFINITIVE),
]


@pytest.mark.parametrize("p,l,u,expected", SALIENCE_TABLE)
def test_every_salience_combination(p, l, u, expected):  # noqa: E741
    assert salience(p, l, u) == expected


def test_the_table_covers_all_eight_combinations_once():
    assert {(p, legit, u) for p, legit, u, _ in SALIENCE_TABLE} == set(
        itertools.product([False, True], repeat=3)
    )
    assert len({row[3] for row in SALIENCE_TABLE}) == 8


def _h(tag, side, supports=True):
    return HeldInterest(tag=tag, side=side, supports=supports)


def test_topic_relations():
    assert classify_topic([_h("werk", "market"), _h("werk", "municipality")]) == Relation.SHARED
    assert classify_topic([_h("werk", "market"), _h("werk", "market")]) == Relation.COMPATIBLE
    assert (
        classify_topic([_h("werk", "market"), _h("werk", "municipality", False)])
        == Relation.CONFLICTING
    )
    assert classify_topic([_h("x", "a", False), _h("x", "b", False)]) == Relation.SHARED
    with pytest.raises(ValueError):
        classify_topic([])


def test_shared_topics_come_first():
    rows = common_ground(
        [
            _h("prijs", "market"),
            _h("prijs", "municipality", False),
            _h("kwaliteit", "market"),
            _h("kwaliteit", "municipality"),
            _h("planning", "residents"),
        ]
    )
    assert [(tag, rel) for tag, rel, _ in rows] == [
        ("kwaliteit", Relation.SHARED),
        ("planning", Relation.COMPATIBLE),
        ("prijs", Relation.CONFLICTING),
    ]


sides = st.sampled_from(["municipality", "market", "residents", "safety"])


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), sides, st.booleans()), min_size=1, max_size=30
    )
)
def test_common_ground_invariants(items):
    held = [_h(*item) for item in items]
    rows = common_ground(held)
    assert sum(len(v) for _t, _r, per in rows for v in per.values()) == len(held)
    order = [r for _t, r, _p in rows]
    assert order == sorted(
        order, key=lambda r: [Relation.SHARED, Relation.COMPATIBLE, Relation.CONFLICTING].index(r)
    )
    for _tag, relation, per_side in rows:
        stances = {h.supports for hs in per_side.values() for h in hs}
        if relation == Relation.CONFLICTING:
            assert stances == {True, False}
        else:
            assert len(stances) == 1
            assert (relation == Relation.SHARED) == (len(per_side) >= 2)
