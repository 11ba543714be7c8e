"""The salience diagram's names and markers sit in the right area and never on each other."""

import math

import pytest
from django.utils import translation

from rondetafel.analysis.stakeholders import Salience
from rondetafel.stakeholders import charts
from rondetafel.stakeholders.constants import SALIENCE_LABEL

CIRCLE = {"P": charts.VENN["power"], "L": charts.VENN["legitimacy"], "U": charts.VENN["urgency"]}
INSIDE = {
    Salience.DORMANT: "P",
    Salience.DISCRETIONARY: "L",
    Salience.DEMANDING: "U",
    Salience.DOMINANT: "PL",
    Salience.DANGEROUS: "PU",
    Salience.DEPENDENT: "LU",
    Salience.DEFINITIVE: "PLU",
}
CHAR = 8.6  # px per character of a 15 px bold label, generously
MARKER = 6  # half a marker


def _in_region(x, y, inside):
    return all(
        (math.dist((x, y), (cx, cy)) < r) == (k in inside) for k, (cx, cy, r) in CIRCLE.items()
    )


class _Stakeholder:
    def __init__(self, kind):
        power, legitimacy, urgency = ("P" in INSIDE[kind], "L" in INSIDE[kind], "U" in INSIDE[kind])
        self.current = type(
            "A", (), {"power": 5 if power else 1, "legitimacy": legitimacy, "urgency": urgency}
        )()
        self.side = "market"


@pytest.mark.parametrize("kind", list(INSIDE))
def test_the_pole_is_the_point_farthest_from_every_edge(kind):
    best = max(
        (min(abs(math.dist((x, y), (cx, cy)) - r) for cx, cy, r in CIRCLE.values()), x, y)
        for x in range(60, 560, 3)
        for y in range(40, 520, 3)
        if _in_region(x, y, INSIDE[kind])
    )
    x, y, clear = charts.SALIENCE_POLE[kind]
    assert abs(best[1] - x) <= 3 and abs(best[2] - y) <= 3 and abs(best[0] - clear) <= 2


@pytest.mark.parametrize("kind", list(INSIDE))
@pytest.mark.parametrize("n", [1, 4, 12])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_names_and_markers_in_their_area_and_apart(kind, n, language):
    with translation.override(language):
        label = str(SALIENCE_LABEL[kind])
    lx, ly = charts.salience_label_at(kind)
    half = len(label) * CHAR / 2
    box = (lx - half, ly - 14, lx + half, ly + 4)
    assert _in_region(lx, ly - 5, INSIDE[kind]), label
    for p in charts.salience_points([_Stakeholder(kind) for _ in range(n)]):
        assert _in_region(p.x, p.y, INSIDE[kind]), (label, p.x, p.y)
        overlaps = (
            box[0] - MARKER < p.x < box[2] + MARKER and box[1] - MARKER < p.y < box[3] + MARKER
        )
        assert not overlaps, (label, p.x, p.y, box)


class _Node:
    def __init__(self, i, side):
        self.pk = i
        self.side = side
        self.name = f"Stichting Belangenvereniging {i:02d}"[:36]


class _Relation:
    def __init__(self, a, b):
        self.source_id, self.target_id, self.strength, self.positive = a, b, 2, True


def _box(p, text, char=7.2, height=13):
    width = len(text) * char
    left = {"start": p.label_x, "end": p.label_x - width, "middle": p.label_x - width / 2}[p.anchor]
    return (left, p.label_y - height + 3, left + width, p.label_y + 3)


@pytest.mark.parametrize("n", [1, 5, 6, 20, 31])
def test_network_names_stay_inside_and_apart(n):
    nodes = [_Node(i, "market" if i % 2 else "municipality") for i in range(n)]
    points, _edges = charts.network(nodes, [_Relation(i, (i + 1) % n) for i in range(n)])
    boxes = [_box(p, p.stakeholder.name) for p in points]
    for left, top, right, bottom in boxes:
        assert 0 <= left and right <= charts.NETWORK["width"], (left, right)
        assert 0 <= top and bottom <= charts.NETWORK["height"], (top, bottom)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
