"""The dashboard's commitment bar, laid out in Python so the template only draws (an SVG that
scales; the same figures are in a table beside it)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 1000


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


def status_bar(counts: dict, labels: list[tuple[str, str]]) -> list[Segment]:
    total = sum(counts[key] for key, _label in labels)
    segments, x = [], 0.0
    for key, label in labels:
        width = WIDTH * counts[key] / total if total else 0
        segments.append(Segment(key, label, counts[key], round(x, 1), round(width, 1)))
        x += width
    return segments
