"""Trust before and after: scale scores, reliability and paired change (method.md section 3.5).

Plain numbers in, dataclasses out; no Django. Paired tests compare the same respondents (matched
by their pseudonymous code) across two waves:
  * Wilcoxon signed-rank (zero differences dropped, exact p for small samples without ties), with
    the matched-pairs rank-biserial correlation as its effect size;
  * paired t-test and Cohen's d_z as a check;
  * the share of respondents whose score rose, stayed the same or fell;
  * the smallest two-sided p the number of non-zero pairs can reach (2 / 2^n), so a report never
    hints at a conclusion the data cannot carry;
  * McNemar (exact, binomial) for yes/no items;
  * Mann-Whitney U when answers cannot be paired, always labelled unpaired.
Groups below a minimum number of respondents get no figures at all, to protect anonymity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
from scipy import stats

LIKERT_MAX = 5
MIN_ANSWERED_SHARE = 0.8  # a scale score needs at least 80 % of its items answered
DEFAULT_MIN_GROUP = 5


def reverse(value: float, *, low: int = 1, high: int = LIKERT_MAX) -> float:
    """Reverse-code an item: on 1..5, 1 becomes 5 and 4 becomes 2."""
    return low + high - value


def scale_score(
    answers: Mapping[str, float | None], reversed_items: Set[str] = frozenset(), high: int = 5
) -> float | None:
    """The mean of a scale's items after reverse coding; None with too many items unanswered."""
    values = [
        reverse(v, high=high) if key in reversed_items else v
        for key, v in answers.items()
        if v is not None
    ]
    if not answers or len(values) < MIN_ANSWERED_SHARE * len(answers):
        return None
    return float(np.mean(values))


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of complete rows (respondents x items); None when it is undefined (fewer
    than two respondents or items, or no variance in the totals)."""
    data = np.asarray(rows, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] < 2:
        return None
    k = data.shape[1]
    total_variance = data.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    return float(k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / total_variance))


def smallest_p(nonzero_pairs: int) -> float:
    """The smallest two-sided p an exact signed-rank test can reach with this many pairs."""
    return min(1.0, 2.0 / 2**nonzero_pairs) if nonzero_pairs > 0 else 1.0


@dataclass(frozen=True)
class PairedChange:
    pairs: int
    nonzero: int
    before_mean: float
    after_mean: float
    before_median: float
    after_median: float
    mean_change: float
    improved: int
    unchanged: int
    worse: int
    wilcoxon_p: float | None
    rank_biserial: float | None
    t_p: float | None
    cohens_dz: float | None
    smallest_p: float

    @property
    def can_be_significant(self) -> bool:
        return self.smallest_p < 0.05


def paired_change(before: Sequence[float], after: Sequence[float]) -> PairedChange | None:
    """Change between two waves for respondents who answered both (aligned sequences)."""
    b = np.asarray(before, dtype=float)
    a = np.asarray(after, dtype=float)
    if len(b) != len(a):
        raise ValueError("before and after must be paired")
    if len(b) == 0:
        return None
    diff = a - b
    nonzero = diff[diff != 0]
    wilcoxon_p = rank_biserial = None
    if len(nonzero):
        result = stats.wilcoxon(a, b, zero_method="wilcox")
        wilcoxon_p = float(result.pvalue)
        ranks = stats.rankdata(np.abs(nonzero))
        plus, minus = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
        rank_biserial = float((plus - minus) / (plus + minus))
    t_p = cohens_dz = None
    sd = diff.std(ddof=1) if len(diff) > 1 else 0.0
    if len(diff) > 1 and sd > 0:
        t_p = float(stats.ttest_rel(a, b).pvalue)
        cohens_dz = float(diff.mean() / sd)
    return PairedChange(
        pairs=len(b),
        nonzero=len(nonzero),
        before_mean=float(b.mean()),
        after_mean=float(a.mean()),
        before_median=float(np.median(b)),
        after_median=float(np.median(a)),
        mean_change=float(diff.mean()),
        improved=int((diff > 0).sum()),
        unchanged=int((diff == 0).sum()),
        worse=int((diff < 0).sum()),
        wilcoxon_p=wilcoxon_p,
        rank_biserial=rank_biserial,
        t_p=t_p,
        cohens_dz=cohens_dz,
        smallest_p=smallest_p(len(nonzero)),
    )


@dataclass(frozen=True)
class McNemar:
    pairs: int
    yes_before: int
    yes_after: int
    became_yes: int
    became_no: int
    p: float | None


def mcnemar(before: Sequence[bool], after: Sequence[bool]) -> McNemar | None:
    """Exact McNemar test on paired yes/no answers: only the changes count."""
    if len(before) != len(after):
        raise ValueError("before and after must be paired")
    if not before:
        return None
    became_yes = sum(1 for b, a in zip(before, after, strict=True) if not b and a)
    became_no = sum(1 for b, a in zip(before, after, strict=True) if b and not a)
    changes = became_yes + became_no
    p = float(stats.binomtest(became_yes, changes, 0.5).pvalue) if changes else None
    return McNemar(
        pairs=len(before),
        yes_before=sum(map(bool, before)),
        yes_after=sum(map(bool, after)),
        became_yes=became_yes,
        became_no=became_no,
        p=p,
    )


@dataclass(frozen=True)
class UnpairedChange:
    before_n: int
    after_n: int
    before_mean: float
    after_mean: float
    p: float | None  # Mann-Whitney U, two-sided


def unpaired_change(before: Sequence[float], after: Sequence[float]) -> UnpairedChange | None:
    """For waves that cannot be paired: compares two groups of respondents, not people."""
    if not before or not after:
        return None
    p = None
    if len(set(before) | set(after)) > 1:
        p = float(stats.mannwhitneyu(after, before, alternative="two-sided").pvalue)
    return UnpairedChange(
        before_n=len(before),
        after_n=len(after),
        before_mean=float(np.mean(before)),
        after_mean=float(np.mean(after)),
        p=p,
    )


def enough(n: int, minimum: int = DEFAULT_MIN_GROUP) -> bool:
    """Whether a group is large enough to report on without exposing anyone."""
    return n >= minimum


def round_half_up(value: float, digits: int = 1) -> float:
    """Rounding for reports (2.25 -> 2.3), unlike Python's banker's rounding."""
    factor = 10**digits
    return math.floor(value * factor + 0.5) / factor
