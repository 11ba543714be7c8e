"""PCA of the vote matrix by power iteration, and the sparsity-aware projection.

Pol.is fills a missing vote with its column's mean, centres the columns and runs 100 power
iterations per component. After filling and centring, every missing cell is exactly zero, so
the centred matrix has as many non-zeros as there are votes: we keep it sparse and never form the
dense matrix. We iterate a block of vectors at once (subspace iteration: the power method
applied to several vectors, re-orthonormalised each sweep) and stop when the top two directions
no longer move, instead of a fixed 100 sweeps; a Rayleigh–Ritz step orders the components. The
start is the previous update's components when there are any (as Pol.is does), otherwise a
seeded uniform random block (Pol.is's start is unseeded, so its runs differ; ours do not).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .matrix import VoteMatrix

BLOCK = 4  # two wanted components plus two that speed up convergence of the second
MAX_SWEEPS = 300
TOLERANCE = 1e-10  # on 1 - |cos| between successive sweeps' components


@dataclass(frozen=True)
class Pca:
    center: np.ndarray  # (m,) column means of the observed votes (0 for moderated-out columns)
    components: np.ndarray  # (2, m), unit rows
    sweeps: int


def centred(matrix: VoteMatrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """The centred, mean-filled matrix, sparse (moderated-out columns are all zero)."""
    n, m = matrix.shape
    live = ~matrix.moderated_out[matrix.cols]
    counts = np.bincount(matrix.cols[live], minlength=m)
    sums = np.bincount(matrix.cols[live], weights=matrix.vals[live], minlength=m)
    center = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    data = np.where(live, matrix.vals - center[matrix.cols], 0.0)
    return sp.csr_matrix((data, (matrix.rows, matrix.cols)), shape=(n, m)), center


def _orthonormal(block: np.ndarray) -> np.ndarray:
    q, _ = np.linalg.qr(block)
    return q


def fit(
    matrix: VoteMatrix,
    *,
    start: np.ndarray | None = None,
    seed: int = 0,
    x: sp.csr_matrix | None = None,
    center: np.ndarray | None = None,
) -> Pca:
    if x is None or center is None:
        x, center = centred(matrix)
    n, m = x.shape
    if m == 0 or n == 0:
        return Pca(center=center, components=np.zeros((2, m)), sweeps=0)
    width = min(BLOCK, m)
    rng = np.random.default_rng(seed)
    block = rng.random((m, width))
    if start is not None and start.shape[1] == m:
        block[:, : min(2, width)] = start[: min(2, width)].T
    xt = x.T  # CSC view, no copy
    q = _orthonormal(block)
    previous = None
    sweeps = 0
    for sweeps in range(1, MAX_SWEEPS + 1):  # noqa: B007 - the count is reported
        w = xt @ (x @ q)
        # Rayleigh–Ritz on the current block: rotate it so its first columns lead.
        values, vectors = np.linalg.eigh(q.T @ w)
        top = (q @ vectors[:, ::-1])[:, : min(2, width)]
        if previous is not None:
            drift = 1.0 - np.abs(np.sum(top * previous, axis=0))
            if (drift < TOLERANCE).all():
                break
        previous = top
        q = _orthonormal(w)
    components = np.zeros((2, m))
    components[: top.shape[1]] = top.T
    if start is not None and start.shape == components.shape:
        # Keep the orientation of the previous update, so the map does not flip.
        signs = np.sign(np.sum(components * start, axis=1))
        components *= np.where(signs == 0, 1, signs)[:, None]
    return Pca(center=center, components=components, sweeps=sweeps)


def project_participants(
    matrix: VoteMatrix, pca: Pca, *, moderated_count_as_votes: bool, x: sp.csr_matrix | None = None
) -> np.ndarray:
    """Each participant's 2-D position, scaled by sqrt(C / n_votes) so that people with few votes
    are not all bunched in the centre. Pol.is counts every moderated-out statement as a vote of
    every participant in that factor; we count only votes on statements still in play, unless
    asked to reproduce Pol.is."""
    if x is None:
        x, _ = centred(matrix)
    n, m = matrix.shape
    live = ~matrix.moderated_out
    voted = np.bincount(matrix.rows[live[matrix.cols]], minlength=n).astype(np.float64)
    if moderated_count_as_votes:
        voted += int(matrix.moderated_out.sum())
        columns = m
    else:
        columns = int(live.sum())
    scale = np.sqrt(columns / np.maximum(1.0, voted))
    return np.asarray(x @ pca.components.T) * scale[:, None]


def statement_extremity(matrix: VoteMatrix, pca: Pca) -> np.ndarray:
    """How far each statement sits from the centre of the map: Pol.is projects a statement as
    a virtual participant who agrees with it alone; its distance is the statement's extremity."""
    m = matrix.shape[1]
    loading = np.linalg.norm(pca.components, axis=0)
    return np.sqrt(m) * np.abs(1.0 - pca.center) * loading
