"""Benchmark: the redline of a 6,000-word agreement with 300 scattered word edits.

Ours: `rondetafel.agreements.redline.compare`, per article (40 articles of 150 words).
Baseline: the same tokenizer and difflib over the whole text at once (autojunk off, as
correctness needs), which is what a naive implementation does.

    .venv/bin/python bench/redline.py [--runs 7]

Target: ours at most 200 ms. Prints medians, the ratio, and checks both find every edit.
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rondetafel.agreements.redline import compare, redline_html, tokens  # noqa: E402

WORDS = (
    "de gemeente en de partners werken samen aan het beheer onderhoud en ontwerp van de openbare "
    "ruimte met aandacht voor duurzaamheid kennis vakmanschap continuïteit kwaliteit regie afspraken "
    "evaluatie aanbesteding mkb ondernemers bewoners wijk straat groen water riolering bestrating"
).split()


@dataclass
class A:
    lineage: uuid.UUID
    number: str
    heading: str
    text: str


def make(seed: int = 1, articles: int = 40, words: int = 150, edits: int = 300):
    rng = random.Random(seed)
    old = [[rng.choice(WORDS) for _ in range(words)] for _ in range(articles)]
    new = [list(a) for a in old]
    spots = rng.sample([(i, j) for i in range(articles) for j in range(words)], edits)
    for i, j in spots:
        new[i][j] = new[i][j].upper()  # a changed word: never equal to the original
    ids = [uuid.uuid4() for _ in range(articles)]
    old_articles = [A(ids[i], str(i + 1), "", " ".join(w)) for i, w in enumerate(old)]
    new_articles = [A(ids[i], str(i + 1), "", " ".join(w)) for i, w in enumerate(new)]
    return old_articles, new_articles, edits


def ours(old, new):
    return compare(old, new)


def baseline(old, new):
    a = tokens("\n".join(x.text for x in old))
    b = tokens("\n".join(x.text for x in new))
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False
    )
    return matcher.get_opcodes()


def timed(fn, runs, *args):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    old, new, edits = make()
    words = sum(len(a.text.split()) for a in old)
    ours_ms, changes = timed(ours, args.runs, old, new)
    base_ms, opcodes = timed(baseline, max(1, args.runs // 2), old, new)
    found = sum(c.added_words for c in changes)
    base_found = sum(j2 - j1 for op, _i1, _i2, j1, j2 in opcodes if op in ("insert", "replace"))
    print(f"agreement: {len(old)} articles, {words} words, {edits} scattered word edits")
    print(f"{'method':<44}{'median ms':>10}{'edits found':>13}")
    print(f"{'ours: per-article redline (HTML, escaped)':<44}{ours_ms:>10.1f}{found:>13}")
    print(f"{'baseline: difflib over the whole text':<44}{base_ms:>10.1f}{base_found:>13}")
    print(
        f"ratio baseline/ours: {base_ms / ours_ms:.1f}x; target <= 200 ms: {'met' if ours_ms <= 200 else 'NOT met'}"
    )
    assert "<ins>" in redline_html(old[0].text, new[0].text)


if __name__ == "__main__":
    main()
