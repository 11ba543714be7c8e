"""Morphological analysis: our engine against python-constraint's getSolutions.

    .venv/bin/python bench/morphology.py [--runs 5]

Baseline: python-constraint 1.4.0, installed on first run into var/bench/constraint-lib (the
benchmark's own folder, never the project's environment), solving the same fields with one
constraint per constrained parameter pair. Both sides must find the same configurations.

Targets (issue 16): on random 12 x 6 fields with 20 % of value pairs inconsistent (2.2 billion
configurations), compile <= 10 ms and >= 10x faster than the baseline, explore p95 <= 5 ms, a
diverse selection of 6 <= 5 ms; with about 1.3 million consistent configurations, compile
<= 1 s and explore p95 <= 50 ms; a sparse 40 x 6 field counted in <= 0.1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

from rondetafel.analysis.morphology import compile_space, count  # noqa: E402
from rondetafel.analysis.morphology.engine import Model  # noqa: E402
from rondetafel.analysis.morphology.synthetic import random_field  # noqa: E402

BASELINE_DIR = ROOT / "var" / "bench" / "constraint-lib"
BASELINE = "python-constraint==1.4.0"


def baseline_module():
    if not (BASELINE_DIR / "constraint").exists():
        BASELINE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--target",
                str(BASELINE_DIR),
                BASELINE,
            ],
            check=True,
        )
    sys.path.insert(0, str(BASELINE_DIR))
    import constraint

    return constraint


def baseline_solutions(constraint, field) -> tuple[float, int]:
    model = Model(field)
    problem = constraint.Problem()
    for p, m in enumerate(field.sizes):
        problem.addVariable(p, list(range(m)))
    for (p, q), table in model.allowed.items():
        allowed = {(int(a), int(b)) for a, b in zip(*np.nonzero(table), strict=True)}
        problem.addConstraint(lambda a, b, allowed=allowed: (a, b) in allowed, (p, q))
    start = time.perf_counter()
    solutions = problem.getSolutions()
    return time.perf_counter() - start, len(solutions)


def timed(function, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def explore_p95(space, n, m, queries=200, seed=7):
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(queries):
        k = int(rng.integers(1, 4))
        params = rng.choice(n, size=k, replace=False)
        fixed = {int(p): int(rng.integers(0, m)) for p in params}
        start = time.perf_counter()
        space.explore(fixed)
        times.append(time.perf_counter() - start)
    return float(np.percentile(times, 95))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    constraint = baseline_module()
    print(f"numpy {np.__version__}; medians of {args.runs} runs; baseline {BASELINE}\n")

    print("random 12 x 6 fields, 20 % of value pairs inconsistent (2,176,782,336 configurations)")
    print(
        f"{'seed':>4} {'consistent':>10} {'compile':>9} {'baseline':>9} {'ratio':>6} {'explore p95':>12} {'diverse 6':>10}"
    )
    ratios, compiles, explores, diverses = [], [], [], []
    for seed in range(1, 6):
        field = random_field(12, 6, 0.2, seed=seed)
        seconds, compiled = timed(lambda field=field: compile_space(field), args.runs)
        base_seconds, base_count = baseline_solutions(constraint, field)
        assert base_count == compiled.space.size, (base_count, compiled.space.size)
        p95 = explore_p95(compiled.space, 12, 6)
        diverse, _rows = timed(lambda compiled=compiled: compiled.space.diverse(6), args.runs)
        ratios.append(base_seconds / seconds)
        compiles.append(seconds)
        explores.append(p95)
        diverses.append(diverse)
        print(
            f"{seed:>4} {compiled.space.size:>10,} {seconds * 1000:>7.1f}ms {base_seconds * 1000:>7.1f}ms "
            f"{base_seconds / seconds:>5.0f}x {p95 * 1000:>10.2f}ms {diverse * 1000:>8.2f}ms"
        )
    print(
        f"median: compile {statistics.median(compiles) * 1000:.1f} ms (target <= 10), "
        f"{statistics.median(ratios):.0f}x the baseline (target >= 10), explore p95 "
        f"{statistics.median(explores) * 1000:.2f} ms (target <= 5), diverse 6 "
        f"{statistics.median(diverses) * 1000:.2f} ms (target <= 5)\n"
    )

    field = random_field(12, 6, 0.1, seed=3)  # about 1.45 million consistent
    seconds, compiled = timed(lambda: compile_space(field), max(1, args.runs // 2))
    p95 = explore_p95(compiled.space, 12, 6)
    diverse, _rows = timed(lambda: compiled.space.diverse(6), 3)
    print(f"random 12 x 6 field, 10 %: {compiled.space.size:,} consistent configurations")
    print(
        f"  compile {seconds:.2f} s (target <= 1), explore p95 {p95 * 1000:.1f} ms (target <= 50), "
        f"diverse 6 {diverse * 1000:.0f} ms; baseline not run (tens of seconds)\n"
    )

    field = random_field(40, 6, 0.3, seed=3, constrained_pairs=0.07)
    seconds, result = timed(lambda: count(Model(field)), args.runs)
    print(
        f"sparse 40 x 6 field (7 % of parameter pairs constrained, {field.total:.2e} configurations)"
    )
    print(
        f"  count {result.value:.3e} by {result.method} in {seconds * 1000:.1f} ms (target <= 100); "
        f"a listing is out of the question"
    )


if __name__ == "__main__":
    main()
