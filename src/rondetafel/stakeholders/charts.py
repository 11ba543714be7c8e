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
            points.append(_point(s, cx + dx, cy + dy))
    return points


# Region centres of the three-circle salience diagram (viewBox 600 x 560).
VENN = {
    "power": (230, 220, 150),
    "legitimacy": (370, 220, 150),
    "urgency": (300, 340, 150),
}
SALIENCE_CENTRE = {
    Salience.DORMANT: (165, 170),
    Salience.DISCRETIONARY: (435, 170),
    Salience.DEMANDING: (300, 445),
    Salience.DOMINANT: (300, 150),
    Salience.DANGEROUS: (215, 330),
    Salience.DEPENDENT: (385, 330),
    Salience.DEFINITIVE: (300, 265),
    Salience.NON_STAKEHOLDER: (540, 510),
}


def salience_points(stakeholders) -> list[Point]:
    groups = defaultdict(list)
    for s in stakeholders:
        if s.current is not None:
            a = s.current
            groups[salience(is_high(a.power), a.legitimacy, a.urgency)].append(s)
    points = []
    for kind, members in groups.items():
        cx, cy = SALIENCE_CENTRE[kind]
        for i, s in enumerate(members):
            dx, dy = _spread(len(members), i, 42)
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


def network(stakeholders, relationships, size: int = 600) -> tuple[list[Point], list[Edge]]:
    """Nodes on a circle, grouped by side; only stakeholders with a relationship are drawn."""
    linked = {r.source_id for r in relationships} | {r.target_id for r in relationships}
    nodes = sorted((s for s in stakeholders if s.pk in linked), key=lambda s: (s.side, s.name))
    centre, radius = size / 2, size / 2 - 70
    position = {}
    points = []
    for i, s in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        position[s.pk] = (x, y)
        points.append(_point(s, x, y))
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
