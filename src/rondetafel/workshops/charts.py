"""Bar charts for the presenter screen, laid out in Python so the template only draws.

A chart is an SVG with a fixed coordinate system (1000 wide) that scales with the screen; its
labels wrap onto at most two lines above each bar, so long options stay readable from the back
of a room. The figures are also in a table for screen readers (the template adds it).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

WIDTH = 1000
LABEL_LINE = 34  # px per label line (font 28)
BAR = 44  # bar height
GAP = 26  # space after a row
CHARS_PER_LINE = 62  # at font 28 in 1000 units, a line holds about this many characters
VALUE_ROOM = 170  # room right of the longest bar for its figure


@dataclass
class Segment:
    key: str  # a CSS modifier: agree, disagree, pass, block, ...
    label: str
    value: float
    x: float = 0
    width: float = 0
    text: str = ""  # the figure printed inside the segment, if it fits


@dataclass
class Row:
    label: str
    value: float
    text: str  # the figure as people read it ("12 · 40%")
    lines: list[str] = field(default_factory=list)
    y: float = 0  # top of the label
    bar_y: float = 0
    width: float = 0
    segments: list[Segment] = field(default_factory=list)
    highlight: bool = False


@dataclass
class Chart:
    rows: list[Row]
    height: float
    stacked: bool = False
    legend: list[Segment] = field(default_factory=list)
    width: int = WIDTH


def _wrap(label: str) -> list[str]:
    lines = textwrap.wrap(label, CHARS_PER_LINE) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), CHARS_PER_LINE, placeholder=" …")]
    return lines


def _place(rows: list[Row]) -> float:
    y = 0.0
    for row in rows:
        row.lines = _wrap(row.label)
        row.y = y
        row.bar_y = y + LABEL_LINE * len(row.lines) + 6
        y = row.bar_y + BAR + GAP
    return y


def bars(rows: list[tuple[str, float, str]], *, highlight_max: bool = False) -> Chart:
    """Horizontal bars, one per (label, value, text); the longest bar fills the width."""
    placed = [Row(label=label, value=float(value), text=text) for label, value, text in rows]
    most = max((r.value for r in placed), default=0) or 1
    for row in placed:
        row.width = round((WIDTH - VALUE_ROOM) * row.value / most, 1)
        row.highlight = highlight_max and row.value == most and row.value > 0
    return Chart(rows=placed, height=_place(placed))


def stacked(rows: list[tuple[str, list[Segment]]], legend: list[Segment]) -> Chart:
    """Bars of equal length split into their shares (statement votes: agree, disagree, pass)."""
    placed = []
    for label, segments in rows:
        total = sum(s.value for s in segments)
        x = 0.0
        for s in segments:
            s.width = round(WIDTH * s.value / total, 1) if total else 0
            s.x = x
            share = round(100 * s.value / total) if total else 0
            s.text = f"{share}%" if s.width >= 70 else ""
            x += s.width
        placed.append(Row(label=label, value=total, text=str(total), segments=segments))
    return Chart(rows=placed, height=_place(placed), stacked=True, legend=legend)
