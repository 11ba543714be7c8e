"""What each group stands for, what everyone shares, and where people differ.

Formulas are Pol.is's (repness.clj, stats.clj, conversation.clj), vectorised over statements and
groups; see ../shared/reference/polis-math.md sections 1.7 to 1.10. Counts come from sparse
indicator matrices, so the cost is one pass over the votes per group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import VoteMatrix

Z_90 = 1.2816  # one-sided 90 %, Pol.is's constant (not norm.ppf(0.9) = 1.28155)
MAX_REPRESENTATIVE = 5
MAX_CONSENSUS = 5
UNCERTAIN_PASS_SHARE = 0.3
DIVISIVE_GAP = 0.3  # agree shares of two groups at least this far apart
COMMON_GROUND_MIN = 0.6  # every group's agree share at least this (Jigsaw's threshold)


@dataclass(frozen=True)
class Counts:
    """Agree, disagree and seen (passes included) per group (rows) and statement (columns)."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def counts(
    matrix: VoteMatrix, membership: np.ndarray, k: int, *, zero_moderated: bool = True
) -> Counts:
    """membership: group index per row, -1 for participants who are not clustered.

    With zero_moderated (Pol.is's rating-mat), a moderated-out statement counts as seen with a
    zero vote by every row; without it (raw-rating-mat) only real votes count."""
    n, m = matrix.shape
    group = membership[matrix.rows]
    ok = group >= 0
    # One pass: vote codes 0 disagree, 1 pass, 2 agree, tallied per (group, statement).
    key = (group[ok] * m + matrix.cols[ok]) * 3 + (matrix.vals[ok] + 1)
    tally = np.bincount(key, minlength=k * m * 3).reshape(k, m, 3)
    raw = Counts(
        agree=tally[:, :, 2].copy(), disagree=tally[:, :, 0].copy(), seen=tally.sum(axis=2)
    )
    if not zero_moderated:
        return raw
    return zeroed(matrix, raw, np.bincount(membership[membership >= 0], minlength=k))


def zeroed(matrix: VoteMatrix, raw: Counts, sizes: np.ndarray) -> Counts:
    """Pol.is's rating-mat from raw counts: a moderated-out statement is a 0 for everyone."""
    if not matrix.moderated_out.any():
        return raw
    a, d, s = raw.agree.copy(), raw.disagree.copy(), raw.seen.copy()
    a[:, matrix.moderated_out] = 0
    d[:, matrix.moderated_out] = 0
    s[:, matrix.moderated_out] = sizes[:, None]
    return Counts(agree=a, disagree=d, seen=s)


def prop_test(success: np.ndarray, trials: np.ndarray) -> np.ndarray:
    return 2.0 * np.sqrt(trials + 1.0) * ((success + 1.0) / (trials + 1.0) - 0.5)


def two_prop_test(s1, s2, n1, n2) -> np.ndarray:
    s1, s2, n1, n2 = (np.asarray(v, dtype=np.float64) + 1.0 for v in (s1, s2, n1, n2))
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (p1 - p2) / np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return np.where(pooled >= 1.0, 0.0, np.nan_to_num(z))


@dataclass(frozen=True)
class Representative:
    statement: object  # the statement id
    direction: str  # "agree" or "disagree"
    successes: int
    trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


def representative(matrix: VoteMatrix, c: Counts) -> list[list[Representative]]:
    """Per group, up to five statements that set the group apart (Pol.is's select-rep-comments)."""
    k = c.agree.shape[0]
    total_a, total_d, total_s = c.agree.sum(0), c.disagree.sum(0), c.seen.sum(0)
    out = []
    for g in range(k):
        na, nd, ns = c.agree[g], c.disagree[g], c.seen[g]
        ra_n, rd_n, rs_n = total_a - na, total_d - nd, total_s - ns
        pa, pd = (na + 1.0) / (ns + 2.0), (nd + 1.0) / (ns + 2.0)
        pat, pdt = prop_test(na, ns), prop_test(nd, ns)
        ra = pa / ((ra_n + 1.0) / (rs_n + 2.0))
        rd = pd / ((rd_n + 1.0) / (rs_n + 2.0))
        rat, rdt = two_prop_test(na, ra_n, ns, rs_n), two_prop_test(nd, rd_n, ns, rs_n)
        out.append(
            _select(matrix, na, nd, ns, pa, pd, pat, pdt, ra, rd, rat, rdt)  # one pass, tid order
        )
    return out


def _select(matrix, na, nd, ns, pa, pd, pat, pdt, ra, rd, rat, rdt) -> list[Representative]:
    def entry(j, agree: bool, best=False) -> Representative:
        if agree:
            vals = (na[j], pa[j], pat[j], ra[j], rat[j])
        else:
            vals = (nd[j], pd[j], pdt[j], rd[j], rdt[j])
        return Representative(
            statement=matrix.statement_ids[j].item(),
            direction="agree" if agree else "disagree",
            successes=int(vals[0]),
            trials=int(ns[j]),
            p_success=float(vals[1]),
            p_test=float(vals[2]),
            repness=float(vals[3]),
            repness_test=float(vals[4]),
            best_agree=best,
        )

    best_agree = None
    best = None
    sufficient = []
    for j in np.flatnonzero(~matrix.moderated_out):
        if na[j] == 0 and nd[j] == 0:
            continue
        agree_sig = pat[j] > Z_90 and rat[j] > Z_90
        disagree_sig = pdt[j] > Z_90 and rdt[j] > Z_90
        if agree_sig or disagree_sig:
            sufficient.append(j)
        if best_agree is not None:
            b = best_agree
            if ra[b] > 1.0:
                better = ra[j] * rat[j] * pa[j] * pat[j] > ra[b] * rat[b] * pa[b] * pat[b]
            else:
                better = pa[j] * pat[j] > pa[b] * pat[b]
            if better:
                best_agree = j
        elif pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5):
            best_agree = j
        if not sufficient and (best is None or max(rat[j], rdt[j]) > max(rat[best], rdt[best])):
            best = j
    if not sufficient:
        if best_agree is not None:
            return [entry(best_agree, bool(rat[best_agree] > rdt[best_agree]), best=True)]
        return [entry(best, bool(rat[best] > rdt[best]))] if best is not None else []

    def metric(j):
        if rat[j] > rdt[j]:
            return ra[j] * rat[j] * pa[j] * pat[j]
        return rd[j] * rdt[j] * pd[j] * pdt[j]

    ranked = sorted((j for j in sufficient if j != best_agree), key=metric, reverse=True)
    chosen = ([best_agree] if best_agree is not None else []) + ranked
    chosen = chosen[:MAX_REPRESENTATIVE]
    entries = [
        # Pol.is labels even the best agree by which test is stronger (finalize-cmt-stats).
        entry(j, bool(rat[j] > rdt[j]), best=bool(j == best_agree))
        for j in chosen
    ]
    return [e for e in entries if e.direction == "agree"] + [
        e for e in entries if e.direction == "disagree"
    ]


@dataclass(frozen=True)
class Consensus:
    statement: object
    successes: int
    trials: int
    p_success: float
    p_test: float


def consensus(matrix: VoteMatrix, everyone_raw: Counts | None = None) -> dict[str, list[Consensus]]:
    """Pol.is's majority lists, over every participant regardless of group (pass the raw counts
    over everyone when they are at hand)."""
    if everyone_raw is None:
        everyone_raw = counts(
            matrix, np.zeros(matrix.shape[0], dtype=np.int64), 1, zero_moderated=False
        )
    c = zeroed(matrix, everyone_raw, np.array([matrix.shape[0]]))
    out = {}
    for name, success in (("agree", c.agree[0]), ("disagree", c.disagree[0])):
        trials = c.seen[0]
        p = (success + 1.0) / (trials + 2.0)
        t = prop_test(success, trials)
        ok = np.flatnonzero((p > 0.5) & (t > Z_90) & ~matrix.moderated_out)
        ranked = sorted(ok, key=lambda j: (-(p[j] * t[j]), j))[:MAX_CONSENSUS]
        out[name] = [
            Consensus(
                statement=matrix.statement_ids[j].item(),
                successes=int(success[j]),
                trials=int(trials[j]),
                p_success=float(p[j]),
                p_test=float(t[j]),
            )
            for j in ranked
        ]
    return out


def group_aware_consensus(raw: Counts) -> tuple[np.ndarray, np.ndarray]:
    """Per statement, the product over groups of (agree + 1) / (seen + 2), and the same for
    disagree; from real votes only (Pol.is's raw-rating-mat)."""
    agree = np.prod((raw.agree + 1.0) / (raw.seen + 2.0), axis=0)
    disagree = np.prod((raw.disagree + 1.0) / (raw.seen + 2.0), axis=0)
    return agree, disagree


def priorities(c: Counts, extremity: np.ndarray, meta: np.ndarray) -> np.ndarray:
    """How strongly to show each statement next: statements with few votes, many agrees and a
    strong loading on the map come first (Pol.is's comment priority)."""
    a, d, s = c.agree.sum(0), c.disagree.sum(0), c.seen.sum(0)
    passes = s - a - d
    p = (passes + 1.0) / (s + 2.0)
    agree = (a + 1.0) / (s + 2.0)
    importance = (1.0 - p) * (extremity + 1.0) * agree
    priority = (importance * (1.0 + 8.0 * 2.0 ** (-s / 5.0))) ** 2
    return np.where(meta, 49.0, priority)


def uncertain(matrix: VoteMatrix) -> list[object]:
    """Statements many people passed on (pass share above 0.3), most uncertain first."""
    live = ~matrix.moderated_out
    seen = np.bincount(matrix.cols, minlength=matrix.shape[1]).astype(np.float64)
    passes = np.bincount(matrix.cols[matrix.vals == 0], minlength=matrix.shape[1]).astype(float)
    share = np.divide(passes, seen, out=np.zeros_like(seen), where=seen > 0)
    ok = np.flatnonzero((share > UNCERTAIN_PASS_SHARE) & live)
    ranked = sorted(ok, key=lambda j: (-(share[j] ** 2 * passes[j]), j))[:MAX_CONSENSUS]
    return [matrix.statement_ids[j].item() for j in ranked]


def agree_shares(c: Counts) -> np.ndarray:
    """Per group and statement, the smoothed share that agreed, (agree + 1) / (seen + 2)."""
    return (c.agree + 1.0) / (c.seen + 2.0)


def divisive(matrix: VoteMatrix, c: Counts) -> list[tuple[object, float]]:
    """Where the groups differ: the largest gap between two groups' agree shares, listed when it
    is at least 0.3 and both groups voted on the statement at least twice. Pol.is has no such
    list; this is ours (its signals are per-group repness and statement extremity)."""
    if c.agree.shape[0] < 2:
        return []
    enough = c.seen >= 2
    share = agree_shares(c)
    high = np.where(enough, share, -np.inf).max(axis=0)
    low = np.where(enough, share, np.inf).min(axis=0)
    gap = np.where(enough.sum(axis=0) >= 2, high - low, 0.0)
    ok = np.flatnonzero((gap >= DIVISIVE_GAP) & ~matrix.moderated_out & ~matrix.meta)
    ranked = sorted(ok, key=lambda j: (-gap[j], j))[:MAX_CONSENSUS]
    return [(matrix.statement_ids[j].item(), float(gap[j])) for j in ranked]


def common_ground(matrix: VoteMatrix, c: Counts, gac: np.ndarray) -> list[tuple[object, float]]:
    """What every group agrees on: each group's agree share at least 0.6, highest
    group-aware consensus first."""
    if c.agree.shape[0] == 0:
        return []
    share = agree_shares(c)
    ok = np.flatnonzero(
        (share.min(axis=0) >= COMMON_GROUND_MIN)
        & (c.seen.min(axis=0) >= 1)
        & ~matrix.moderated_out
        & ~matrix.meta
    )
    ranked = sorted(ok, key=lambda j: (-gac[j], j))[:MAX_CONSENSUS]
    return [(matrix.statement_ids[j].item(), float(gac[j])) for j in ranked]
