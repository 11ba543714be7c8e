"""Base clusters and opinion groups, as Pol.is makes them.

Participants' 2-D positions are first summarised in (at most) 100 base clusters by k-means;
groups are then a weighted k-means over the base-cluster centres for every k from 2 to
min(5, 2 + B // 12), and the k with the best silhouette wins. Both levels can start from the
previous update's clusters, which keeps groups stable as votes arrive. K-means stops when no
centre moves by 0.01 or more, as in Pol.is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

CONVERGED = 0.01


@dataclass(frozen=True)
class Clusters:
    centers: np.ndarray  # (k, 2)
    labels: np.ndarray  # (n,) index into centers
    iterations: int


def _first_of_each(points: np.ndarray) -> np.ndarray:
    """Row indices of the first occurrence of each distinct point, in row order."""
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(points)), points[:, 1], points[:, 0]))
    ordered = points[order]
    new = np.ones(len(points), dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    return np.sort(order[new])


def _distinct_in_order(points: np.ndarray, k: int) -> np.ndarray:
    """The first k distinct points, in row order (Pol.is's deterministic cold start)."""
    return points[_first_of_each(points)[:k]]


# Distances this close (relative to the squares involved) are a tie: rounding noise must not
# decide between two centres, or resuming from the saved state could move a participant
# equidistant from two groups to the other one (issue 21; hypothesis found it).
TIE = 1e-9


def _assign(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """The nearest centre per point; on a tie, the first of the tied centres."""
    # |p - c|^2 = |p|^2 - 2 p.c + |c|^2; |p|^2 is the same for every centre, so leave it out.
    squares = (centers**2).sum(axis=1)
    d = squares[None, :] - 2.0 * (points @ centers.T)
    scale = 1.0 + (points**2).sum(axis=1) + squares.max(initial=0.0)
    near = d <= d.min(axis=1, initial=np.inf)[:, None] + TIE * scale[:, None]
    return near.argmax(axis=1)


def _weighted_means(points, w, labels, k):
    mass = np.bincount(labels, weights=w, minlength=k)
    sx = np.bincount(labels, weights=w * points[:, 0], minlength=k)
    sy = np.bincount(labels, weights=w * points[:, 1], minlength=k)
    keep = mass > 0
    return np.column_stack([sx[keep] / mass[keep], sy[keep] / mass[keep]]), keep


def kmeans(
    points: np.ndarray,
    init: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    max_iter: int = 100,
) -> Clusters:
    """Lloyd's k-means from the given centres; empty clusters are dropped. Large inputs use
    Hamerly's bounds, which give the same assignments while skipping points whose nearest
    centre cannot have changed."""
    centers = np.array(init, dtype=np.float64)
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=np.float64)
    if len(centers) > 16 and len(points) > 5000:
        return _hamerly(points, centers, w, max_iter)
    labels = _assign(points, centers)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        new, keep = _weighted_means(points, w, labels, len(centers))
        done = keep.all() and (np.linalg.norm(new - centers, axis=1) < CONVERGED).all()
        centers = new
        labels = _assign(points, centers)
        if done:
            break
    return Clusters(centers=centers, labels=labels, iterations=iterations)


def _nearest_two(points, centers):
    d, i = cKDTree(centers).query(points, k=2)
    return i[:, 0], d[:, 0], d[:, 1]


def _hamerly(points, centers, w, max_iter) -> Clusters:
    labels, upper, lower = _nearest_two(points, centers)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        new, keep = _weighted_means(points, w, labels, len(centers))
        if not keep.all() or len(new) < 3:
            # A cluster emptied: renumber and start the bounds afresh.
            centers = new
            if len(centers) < 3:
                return kmeans(points, centers, weights=w, max_iter=max_iter - iterations)
            labels, upper, lower = _nearest_two(points, centers)
            continue
        shift = np.linalg.norm(new - centers, axis=1)
        done = (shift < CONVERGED).all()
        centers = new
        upper += shift[labels]
        lower -= shift.max()
        half = 0.5 * cKDTree(centers).query(centers, k=2)[0][:, 1]
        bound = np.maximum(half[labels], lower)
        check = np.flatnonzero(upper > bound)
        if len(check):
            upper[check] = np.linalg.norm(points[check] - centers[labels[check]], axis=1)
            still = check[upper[check] > bound[check]]
            if len(still):
                labels[still], upper[still], lower[still] = _nearest_two(points[still], centers)
        if done:
            break
    return Clusters(centers=centers, labels=labels, iterations=iterations)


def base_clusters(
    points: np.ndarray,
    *,
    k: int = 100,
    previous_members: list[np.ndarray] | None = None,
    max_iter: int = 100,
) -> Clusters:
    """K-means with k = 100 over the positions; warm-started from the previous base clusters
    (given as lists of row indices into `points`) when there are any."""
    if len(points) == 0:
        return Clusters(centers=np.zeros((0, 2)), labels=np.zeros(0, dtype=np.int64), iterations=0)
    if previous_members:
        init = _clean_start(points, previous_members, k)
    else:
        init = _distinct_in_order(points, k)
    return kmeans(points, init, max_iter=max_iter)


def _clean_start(points: np.ndarray, members: list[np.ndarray], k: int) -> np.ndarray:
    """Pol.is's warm start: recentre the previous clusters on today's positions, merge those that
    coincide, then split off the most distant point as a new cluster until there are k."""
    groups = [m[m < len(points)] for m in members]
    groups = [g for g in groups if len(g)]
    centers = np.array([points[g].mean(axis=0) for g in groups]) if groups else np.zeros((0, 2))
    if len(centers):
        centers = centers[_first_of_each(centers)]
    distinct = len(_first_of_each(points))
    target = min(k, distinct)
    if len(centers) >= target:
        return centers[:target]
    labels = _assign(points, centers) if len(centers) else np.zeros(len(points), dtype=np.int64)
    distance = (
        np.linalg.norm(points - centers[labels], axis=1) if len(centers) else np.ones(len(points))
    )
    chosen = list(centers)
    taken = {tuple(c) for c in centers}
    for i in np.argsort(-distance, kind="stable"):
        if len(chosen) >= target:
            break
        p = tuple(points[i])
        if p not in taken:
            taken.add(p)
            chosen.append(points[i])
    return np.array(chosen)


def silhouette(centers: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over base clusters (unweighted), with distances between their centres;
    a base cluster alone in its group scores 0."""
    n = len(centers)
    groups, index = np.unique(labels, return_inverse=True)
    if n < 2 or len(groups) < 2:
        return -1.0
    d = np.linalg.norm(centers[:, None, :] - centers[None, :, :], axis=2)
    onehot = np.zeros((n, len(groups)))
    onehot[np.arange(n), index] = 1.0
    sizes = onehot.sum(axis=0)
    totals = d @ onehot  # distance from each centre to all members of each group
    own = totals[np.arange(n), index]
    own_size = sizes[index]
    a = np.divide(own, own_size - 1, out=np.zeros(n), where=own_size > 1)
    means = totals / sizes[None, :]
    means[np.arange(n), index] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    scores = np.where((own_size > 1) & (top > 0), (b - a) / np.where(top > 0, top, 1.0), 0.0)
    return float(scores.mean())


def max_groups(base_count: int) -> int:
    return min(5, 2 + base_count // 12)


@dataclass(frozen=True)
class GroupChoice:
    k: int
    labels: np.ndarray  # per base cluster
    centers: np.ndarray
    silhouettes: dict[int, float]
    clusterings: dict[int, np.ndarray]  # k -> centres, to warm-start the next update


def choose_groups(
    base_centers: np.ndarray,
    base_weights: np.ndarray,
    *,
    previous: dict[int, np.ndarray] | None = None,
    iterations: int = 100,
) -> GroupChoice | None:
    """Weighted k-means over the base clusters for each k, the best silhouette winning (the
    larger k on a tie, as Pol.is's max-key does). None when fewer than two distinct positions."""
    distinct = len(_first_of_each(base_centers))
    if distinct < 2:
        return None
    results: dict[int, Clusters] = {}
    scores: dict[int, float] = {}
    for k in range(2, min(max_groups(len(base_centers)), distinct) + 1):
        start = (previous or {}).get(k)
        if start is None or len(start) != k:
            start = _distinct_in_order(base_centers, k)
        found = kmeans(base_centers, start, weights=base_weights, max_iter=iterations)
        results[k] = found
        scores[k] = silhouette(base_centers, found.labels)
    best = max(scores, key=lambda k: (scores[k], k))
    return GroupChoice(
        k=best,
        labels=results[best].labels,
        centers=results[best].centers,
        silhouettes=scores,
        clusterings={k: c.centers for k, c in results.items()},
    )
