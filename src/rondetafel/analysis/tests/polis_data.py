"""Where the real Pol.is data lives: ../shared/data/polis next to the project (read in place,
never copied), or RONDETAFEL_POLIS_DATA."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
CANDIDATES = [
    Path(os.environ["RONDETAFEL_POLIS_DATA"]) if os.environ.get("RONDETAFEL_POLIS_DATA") else None,
    ROOT.parent / "shared" / "data" / "polis",
    Path("/work/shared/data/polis"),
]
DATA = next((p for p in CANDIDATES if p is not None and p.is_dir()), None)

needs_data = pytest.mark.skipif(DATA is None, reason="../shared/data/polis is not on this machine")


def fixture_dirs() -> list[Path]:
    return sorted((DATA / "polis-math-fixtures").iterdir()) if DATA else []


def conversation(name: str) -> Path:
    return DATA / "conversations" / name
