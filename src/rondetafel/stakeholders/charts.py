"""Server-rendered SVG geometry for the power/interest grid, the salience diagram and the
network map. Pure layout: the templates draw it, each next to an equivalent table."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rondetafel.analysis.stakeholders import Salience, is_high, salience
from rondetafel.trajectories.constants import Side

# Shape per side, so that nothing depends on colour alone.
SIDE_SHAPE = {
    Side.MUNICIPALITY: "circle",
    Side.MARKET: "square",
    Side.RESIDENTS: "diamond",
    Side.CIVIL_SOCIETY: "triangle",
    Side.SAFETY: "cross",
    Side.OTHER: "ring",
}
SIDE_COLOUR = {
    Side.MUNICIPALITY: "#154273",
    Side.MARKET: "#8a4f00",
    Side.RESIDENTS: "#1a6b2f",
    Side.CIVIL_SOCIETY: "#6b2a8a",
    Side.SAFETY: "#a31b1b",
    Side.OTHER: "#4b4b4b",
}


@dataclass
class Point:
    stakeholder: object
    x: float
    y: float
    shape: str
    colour: str
    # Where the node's name goes (network map): outside the ring, pointing away from it.
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"


def _spread(n: int, i: int, radius: float) -> tuple[float, float]:
    """Sunflower spiral: n points spread evenly over a disc, deterministic."""
    if n == 1:
        return 0.0, 0.0
    r = radius * math.sqrt((i + 0.5) / n)
    theta = i * 2.399963229728653  # the golden angle
    return r * math.cos(theta), r * math.sin(theta)


def _point(stakeholder, x, y) -> Point:
    return Point(
        stakeholder,
        round(x, 1),
        round(y, 1),
        SIDE_SHAPE.get(stakeholder.side, "ring"),
        SIDE_COLOUR.get(stakeholder.side, "#4b4b4b"),
    )


GRID = {"size": 600, "margin": 70, "cell": 100}


def grid_points(stakeholders) -> list[Point]:
    """Interest on the x axis, power on the y axis (high at the top), 1-5 each."""
    m, c = GRID["margin"], GRID["cell"]
    cells = defaultdict(list)
    for s in stakeholders:
        if s.current is not None:
            cells[(s.current.interest, s.current.power)].append(s)
    points = []
    for (interest, power), members in cells.items():
        cx = m + (interest - 0.5) * c
        cy = m + (5 - power + 0.5) * c
        for i, s in enumerate(members):
            dx, dy = _spread(len(members), i, c * 0.42)
            point = _point(s, cx + dx, cy + dy)
            # Alone in its cell there is room for the name under the marker; in a crowded
            # cell the name is in the marker's tooltip and in the table below.
            point.named = len(members) == 1
            points.append(point)
    return points


# The three-circle salience diagram (viewBox 600 x 560): circles as (cx, cy, r).
VENN = {
    "power": (230, 220, 150),
    "legitimacy": (370, 220, 150),
    "urgency": (300, 340, 150),
}
# Per region: its pole (the point farthest from every circle's edge) and that clearance,
# computed once from VENN (see tests). The region's name sits in the upper part of that
# clear disc and its stakeholders in the lower part, so a marker never covers a name.
SALIENCE_POLE = {
    Salience.DORMANT: (159, 175, 65),
    Salience.DISCRETIONARY: (441, 175, 65),
    Salience.DEMANDING: (300, 424, 65),
    Salience.DOMINANT: (300, 142, 45),
    Salience.DANGEROUS: (201, 319, 45),
    Salience.DEPENDENT: (399, 319, 45),
    Salience.DEFINITIVE: (300, 259, 69),
    Salience.NON_STAKEHOLDER: (540, 500, 40),
}


def salience_label_at(kind) -> tuple[float, float]:
    """Where a region's name goes: in the upper part of its clear disc (text baseline)."""
    x, y, clear = SALIENCE_POLE[kind]
    return x, round(y - 0.45 * clear, 1)


def _salience_dots_centre(kind) -> tuple[float, float, float]:
    x, y, clear = SALIENCE_POLE[kind]
    return x, y + 0.3 * clear, 0.5 * clear


def salience_points(stakeholders) -> list[Point]:
    groups = defaultdict(list)
    for s in stakeholders:
        if s.current is not None:
            a = s.current
            groups[salience(is_high(a.power), a.legitimacy, a.urgency)].append(s)
    points = []
    for kind, members in groups.items():
        cx, cy, radius = _salience_dots_centre(kind)
        for i, s in enumerate(members):
            dx, dy = _spread(len(members), i, radius)
            points.append(_point(s, cx + dx, cy + dy))
    return points


@dataclass
class Edge:
    relationship: object
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    dashed: bool


NETWORK = {"width": 1080, "height": 560, "radius": 250, "label_gap": 14}


def _ring_places(n: int, cx: float, cy: float, radius: float) -> list[tuple[float, float, int]]:
    """n places on a circle, half down its right side and half up its left, evenly spaced in
    height (not in angle): names beside them are then evenly spaced too and never collide.
    Returns (x, y, side) with side 1 for the right half and -1 for the left."""
    right = (n + 1) // 2
    places = []
    for half, count in ((1, right), (-1, n - right)):
        span = radius * 0.94
        for k in range(count):
            y = cy - span + 2 * span * (k + 0.5) / count
            x = cx + half * math.sqrt(max(radius**2 - (y - cy) ** 2, 0))
            places.append((x, y, half))
        if half == -1:
            places[right:] = places[right:][::-1]  # continue round the circle, bottom to top
    return places


def network(stakeholders, relationships) -> tuple[list[Point], list[Edge]]:
    """Nodes round a circle, grouped by side; only stakeholders with a relationship are drawn.
    Names stand outside the circle, to the right of the right half and to the left of the
    left half, so they cross neither the lines inside nor each other."""
    linked = {r.source_id for r in relationships} | {r.target_id for r in relationships}
    nodes = sorted((s for s in stakeholders if s.pk in linked), key=lambda s: (s.side, s.name))
    cx, cy = NETWORK["width"] / 2, NETWORK["height"] / 2
    gap = NETWORK["label_gap"]
    position = {}
    points = []
    places = _ring_places(len(nodes), cx, cy, NETWORK["radius"])
    for s, (x, y, half) in zip(nodes, places, strict=True):
        position[s.pk] = (x, y)
        point = _point(s, x, y)
        point.label_x = round(x + half * gap, 1)
        point.label_y = round(y + 4, 1)
        point.anchor = "start" if half == 1 else "end"
        points.append(point)
    edges = [
        Edge(
            r,
            *map(lambda v: round(v, 1), (*position[r.source_id], *position[r.target_id])),
            width=r.strength * 1.5,
            dashed=not r.positive,
        )
        for r in relationships
        if r.source_id in position and r.target_id in position
    ]
    return points, edges


def svg_points(points, label) -> str:
    """The markers as SVG links, built in Python: a template loop over 2,000 points costs
    about ten times as much. ``label(stakeholder)`` gives each link its accessible name.
    Every value goes through format_html, so names are escaped."""
    from django.utils.html import format_html_join

    return format_html_join(
        "",
        '<a href="{}" aria-label="{}"><title>{}</title>'
        '<use href="#m-{}" x="{}" y="{}" fill="{}" stroke="#fff" stroke-width="1"/>{}</a>',
        (
            (
                p.stakeholder.url,
                label(p.stakeholder),
                p.stakeholder.name,
                p.shape,
                f"{p.x:.1f}",
                f"{p.y:.1f}",
                p.colour,
                extra,
            )
            for p in points
            for extra in [getattr(p, "extra", "")]
        ),
    )


def svg_edges(edges) -> str:
    from django.utils.html import format_html_join

    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}" class="{}"/>',
        (
            (
                *(f"{v:.1f}" for v in (e.x1, e.y1, e.x2, e.y2, e.width)),
                "rt-edge rt-edge--negative" if e.dashed else "rt-edge",
            )
            for e in edges
        ),
    )
