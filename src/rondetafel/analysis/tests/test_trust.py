"""Trust statistics against scipy and hand-computed cases, ties and zero differences included."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as s
from scipy import stats

from rondetafel.analysis import trust


def test_reverse_coding_and_scale_scores():
    assert trust.reverse(1) == 5 and trust.reverse(4) == 2
    answers = {"a": 4, "b": 2, "c": 5, "d": None, "e": 4}
    # b reversed: 4; mean of 4, 4, 5, 4 = 4.25 (one of five unanswered is allowed)
    assert trust.scale_score(answers, {"b"}) == 4.25
    assert trust.scale_score({"a": 4, "b": None, "c": None}) is None  # too many missing
    assert trust.scale_score({}) is None


def test_cronbach_alpha_by_hand():
    rows = [[1, 2], [2, 3], [3, 5]]
    # item variances 1 and 2.3333; totals 3, 5, 8 -> variance 6.3333; alpha = 2 * (1 - 3.3333/6.3333)
    assert trust.cronbach_alpha(rows) == pytest.approx(2 * (1 - (1 + 7 / 3) / (19 / 3)))
    assert trust.cronbach_alpha([[3, 3], [3, 3]]) is None  # no variance
    assert trust.cronbach_alpha([[1, 2]]) is None


def test_paired_change_by_hand_with_ties_and_zeros():
    before = [2, 3, 3, 2, 4, 3]
    after = [4, 3, 4, 3, 4, 2]
    change = trust.paired_change(before, after)
    assert (change.pairs, change.nonzero) == (6, 4)
    assert (change.improved, change.unchanged, change.worse) == (3, 2, 1)
    # non-zero differences 2, 1, 1, -1: ranks of |d| 4, 2, 2, 2 -> W+ = 8, W- = 2
    assert change.rank_biserial == pytest.approx((8 - 2) / 10)
    assert change.wilcoxon_p == pytest.approx(
        stats.wilcoxon(after, before, zero_method="wilcox").pvalue
    )
    diff = np.subtract(after, before)
    assert change.cohens_dz == pytest.approx(diff.mean() / diff.std(ddof=1))
    assert change.t_p == pytest.approx(stats.ttest_rel(after, before).pvalue)
    assert change.smallest_p == 2 / 2**4 and not change.can_be_significant


def test_smallest_p_follows_the_number_of_pairs():
    assert trust.smallest_p(5) == 0.0625 and trust.smallest_p(6) == 0.03125
    assert trust.smallest_p(0) == 1.0


def test_no_change_at_all_has_no_test_and_no_nan():
    change = trust.paired_change([3, 3, 3], [3, 3, 3])
    assert change.nonzero == 0 and change.wilcoxon_p is None and change.t_p is None
    assert change.unchanged == 3
    assert trust.paired_change([], []) is None
    with pytest.raises(ValueError):
        trust.paired_change([1], [1, 2])


@settings(max_examples=60, deadline=None)
@given(
    s.lists(s.tuples(s.integers(1, 5), s.integers(1, 5)), min_size=2, max_size=40),
)
def test_paired_change_agrees_with_scipy_for_any_answers(pairs):
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    change = trust.paired_change(before, after)
    diff = np.subtract(after, before)
    assert change.improved + change.unchanged + change.worse == len(pairs)
    assert change.mean_change == pytest.approx(diff.mean())
    if change.nonzero:
        expected = stats.wilcoxon(after, before, zero_method="wilcox").pvalue
        assert change.wilcoxon_p == pytest.approx(expected)
        assert -1 <= change.rank_biserial <= 1
        assert change.wilcoxon_p >= change.smallest_p - 1e-12 or change.nonzero > 20
    else:
        assert change.wilcoxon_p is None


def test_mcnemar_exact_by_hand():
    before = [False] * 6 + [True] * 4
    after = [True] * 5 + [False] + [True] * 3 + [False]
    result = trust.mcnemar(before, after)
    assert (result.became_yes, result.became_no) == (5, 1)
    # exact two-sided binomial: P(X <= 1) * 2 with n = 6 -> 2 * 7/64
    assert result.p == pytest.approx(14 / 64)
    assert trust.mcnemar([True, False], [True, False]).p is None


def test_unpaired_is_mann_whitney():
    result = trust.unpaired_change([2, 3, 2, 3], [4, 4, 5, 3, 4])
    assert result.p == pytest.approx(
        stats.mannwhitneyu([4, 4, 5, 3, 4], [2, 3, 2, 3], alternative="two-sided").pvalue
    )
    assert trust.unpaired_change([], [1]) is None
    assert trust.unpaired_change([3, 3], [3, 3]).p is None


def test_groups_below_the_minimum_are_not_reported():
    assert not trust.enough(4) and trust.enough(5) and trust.enough(3, minimum=3)
    assert trust.round_half_up(2.25) == 2.3 and trust.round_half_up(2.849) == 2.8
