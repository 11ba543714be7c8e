"""Random fields for tests and `bench/morphology.py`: every pair of values of two parameters
is independently inconsistent with probability `p` (optionally only in a share of the
parameter pairs, as in real, sparser fields)."""

from __future__ import annotations

import numpy as np

from .field import Field, Judgement, Value, Verdict


def random_field(
    n: int, m: int, p: float, *, seed: int = 1, constrained_pairs: float = 1.0
) -> Field:
    rng = np.random.default_rng(seed)
    judgements = []
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() >= constrained_pairs:
                continue
            cut = rng.random((m, m)) < p
            for a, b in zip(*np.nonzero(cut), strict=True):
                judgements.append(
                    Judgement(Value(i, int(a)), Value(j, int(b)), Verdict.INCONSISTENT)
                )
    return Field(
        parameters=tuple(f"P{i + 1}" for i in range(n)),
        values=tuple(tuple(f"v{a + 1}" for a in range(m)) for _ in range(n)),
        judgements=tuple(judgements),
    )
