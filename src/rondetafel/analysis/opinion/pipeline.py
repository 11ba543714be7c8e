"""The whole opinion analysis, one update at a time.

`analyse(matrix, previous=state)` runs Pol.is's pipeline: who is clustered, PCA, projection, base
clusters, groups (k by silhouette, smoothed over updates), then the statistics. It returns a
Result and the State to pass to the next update, so that live updates keep the same groups and
the same orientation of the map, as Pol.is does. Everything is deterministic for a given seed.

Deliberate departures from Pol.is (polis-math.md section 1.12), each with its switch in Options:

* kept on purpose although it looks like a slip: moderated-out statements count as votes in the
  sqrt(C/n) scaling. Without it our groups drift far from Pol.is's (vtaiwan ARI 0.55 instead
  of 0.93), and comparability matters more; `moderated_count_as_votes=False` drops it;
* group k-means runs up to 100 iterations, as configured; Pol.is's code passes the setting
  under a name k-means never reads and so runs 20 (`group_iterations=20` reproduces it);
* priorities use the current update's group votes, not the previous update's
  (`priorities_from_previous=True` reproduces it);
* the PCA start is seeded, so two runs agree (Pol.is's is unseeded and cannot be reproduced);
* one PCA method at every size: no sampled mini-batch PCA above 10,000 participants, which in
  Pol.is makes two runs differ;
* meta statements always get priority 49; the 2025-26 bug that gave every statement 49 is not
  copied; sub-groups, which Pol.is computes and never uses, are not computed;
* participants a facilitator removes can be excluded (`excluded`); Pol.is never removes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from . import clusters as cl
from . import pca as pc
from . import stats as st
from .matrix import VoteMatrix

MIN_VOTES = 7  # to be clustered, a participant votes on min(7, number of statements)
MIN_CLUSTERED = 15  # while fewer are in, the most active voters are added
BASE_K = 100
K_BUFFER = 4  # a new k is shown only after winning this many updates in a row


@dataclass(frozen=True)
class Options:
    seed: int = 0
    moderated_count_as_votes: bool = True
    group_iterations: int = 100
    priorities_from_previous: bool = False
    excluded: frozenset = frozenset()  # participant ids a facilitator removed

    @classmethod
    def polis(cls, **changes) -> Options:
        """Pol.is's behaviour, bugs included, for validation against its own output."""
        return replace(
            cls(group_iterations=20, priorities_from_previous=True),
            **changes,
        )


@dataclass
class State:
    """What one update hands to the next; plain lists and dicts, so it stores as JSON."""

    statement_ids: list = field(default_factory=list)
    components: list = field(default_factory=list)  # 2 lists, aligned with statement_ids
    in_conv: list = field(default_factory=list)  # participant ids
    base_members: list = field(default_factory=list)  # lists of participant ids
    group_centers: dict = field(default_factory=dict)  # str(k) -> list of [x, y]
    k: int = 0
    k_candidate: int = 0
    k_streak: int = 0
    group_of: dict = field(default_factory=dict)  # str(participant id) -> group id
    next_group_id: int = 0
    group_votes: list = field(default_factory=list)  # [agree, disagree, seen] per statement

    def to_json(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_json(cls, data: dict | None) -> State:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Group:
    id: int  # stable between updates
    members: list  # participant ids
    center: tuple[float, float]
    hull: list  # the outline around its members on the map: [(x, y), ...]
    representative: list[st.Representative]


@dataclass(frozen=True)
class StatementResult:
    id: object
    agree: int
    disagree: int
    passes: int
    priority: float
    extremity: float
    group_aware_consensus: float
    agree_share_by_group: dict  # group id -> smoothed share, (agree + 1) / (seen + 2)
    votes_by_group: dict  # group id -> (agree, disagree, seen)


@dataclass(frozen=True)
class Result:
    participant_ids: list
    positions: np.ndarray  # (n, 2)
    group_of: dict  # participant id -> group id, clustered participants only
    groups: list[Group]
    statements: list[StatementResult]
    consensus: dict  # "agree"/"disagree" -> list of stats.Consensus
    common_ground: list  # (statement id, group-aware consensus)
    divisive: list  # (statement id, gap)
    uncertain: list  # statement ids
    silhouettes: dict
    pca_sweeps: int
    note: str = ""  # why there are no groups, when there are none

    def statement(self, sid) -> StatementResult | None:
        return next((s for s in self.statements if s.id == sid), None)


def clustered(matrix: VoteMatrix, previous: set, excluded: frozenset = frozenset()) -> np.ndarray:
    """Rows taken into clustering: enough votes, or in before (sticky), topped up to 15."""
    n, m = matrix.shape
    counts = matrix.votes_per_participant()
    ids = matrix.participant_ids.tolist()
    allowed = np.array([pid not in excluded for pid in ids], dtype=bool)
    inside = (counts >= min(MIN_VOTES, m)) | np.array([pid in previous for pid in ids], bool)
    inside &= allowed
    if inside.sum() < MIN_CLUSTERED:
        order = np.argsort(-counts, kind="stable")
        for row in order:
            if inside.sum() >= MIN_CLUSTERED or counts[row] == 0:
                break
            if allowed[row]:
                inside[row] = True
    return inside


def _start(matrix: VoteMatrix, state: State) -> np.ndarray | None:
    if not state.components:
        return None
    index = {sid: i for i, sid in enumerate(state.statement_ids)}
    old = np.asarray(state.components, dtype=np.float64)
    start = np.ones((2, matrix.shape[1]))  # new statements start at 1, as in Pol.is
    for j, sid in enumerate(matrix.statement_ids.tolist()):
        i = index.get(sid)
        if i is not None:
            start[:, j] = old[:, i]
    return start


def _stable_ids(members_by_label: list[list], state: State) -> tuple[list[int], int]:
    """Give each new group the id of the previous group it shares most members with, so that a
    group keeps its name and colour from one update to the next."""
    pairs = []
    for label, members in enumerate(members_by_label):
        overlap: dict[int, int] = {}
        for pid in members:
            old = state.group_of.get(str(pid))
            if old is not None:
                overlap[old] = overlap.get(old, 0) + 1
        pairs += [(n, label, old) for old, n in overlap.items()]
    ids: list[int | None] = [None] * len(members_by_label)
    taken = set()
    for _, label, old in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if ids[label] is None and old not in taken:
            ids[label] = old
            taken.add(old)
    next_id = state.next_group_id
    for label in range(len(ids)):
        if ids[label] is None:
            while next_id in taken:
                next_id += 1
            ids[label] = next_id
            taken.add(next_id)
    assigned = [i for i in ids if i is not None]  # every label has an id by now
    return assigned, max([next_id, *[i + 1 for i in assigned]])


def analyse(
    matrix: VoteMatrix, *, previous: State | None = None, options: Options = Options()
) -> tuple[Result, State]:
    state = previous or State()
    n, m = matrix.shape
    x, center = pc.centred(matrix)
    pca = pc.fit(matrix, start=_start(matrix, state), seed=options.seed, x=x, center=center)
    positions = pc.project_participants(
        matrix, pca, moderated_count_as_votes=options.moderated_count_as_votes, x=x
    )
    extremity = pc.statement_extremity(matrix, pca)
    inside = clustered(matrix, set(state.in_conv), options.excluded)
    rows = np.flatnonzero(inside)
    ids = matrix.participant_ids.tolist()

    row_of = {pid: r for r, pid in enumerate(ids)}
    local = {r: i for i, r in enumerate(rows.tolist())}
    previous_members = [
        np.array([local[row_of[p]] for p in members if p in row_of and row_of[p] in local])
        for members in state.base_members
    ]
    base = cl.base_clusters(positions[rows], k=BASE_K, previous_members=previous_members)
    weights = np.bincount(base.labels, minlength=len(base.centers)).astype(np.float64)
    choice = cl.choose_groups(
        base.centers,
        weights,
        previous={int(k): np.asarray(v) for k, v in state.group_centers.items()},
        iterations=options.group_iterations,
    )

    membership = np.full(n, -1, dtype=np.int64)
    groups: list[Group] = []
    new_state = State(
        statement_ids=matrix.statement_ids.tolist(),
        components=pca.components.tolist(),
        in_conv=[ids[r] for r in rows],
        base_members=[
            [ids[rows[i]] for i in np.flatnonzero(base.labels == b)]
            for b in range(len(base.centers))
        ],
        next_group_id=state.next_group_id,
    )
    note = ""
    if choice is None:
        note = "too-few" if len(rows) < 2 else "no-difference"
    else:
        # The k-smoother: show a new k only after it has won K_BUFFER updates in a row.
        if state.k == 0:
            shown = choice.k
            streak = 0
        else:
            streak = state.k_streak + 1 if choice.k == state.k_candidate else 1
            shown = choice.k if streak >= K_BUFFER or choice.k == state.k else state.k
        if shown not in choice.clusterings:
            shown = choice.k
        labels_of_base = choice.labels if shown == choice.k else _labels_for(choice, shown, base)
        centers = choice.clusterings[shown] if shown != choice.k else choice.centers
        membership[rows] = labels_of_base[base.labels]
        k = int(membership.max()) + 1
        members_by_label = [[ids[r] for r in np.flatnonzero(membership == g)] for g in range(k)]
        stable, next_id = _stable_ids(members_by_label, state)
        new_state.k, new_state.k_candidate, new_state.k_streak = shown, choice.k, streak
        new_state.group_centers = {str(kk): c.tolist() for kk, c in choice.clusterings.items()}
        new_state.group_centers[str(shown)] = np.asarray(centers).tolist()
        new_state.next_group_id = next_id
        new_state.group_of = {
            str(pid): stable[g] for g, ms in enumerate(members_by_label) for pid in ms
        }
        raw = st.counts(matrix, membership, k, zero_moderated=False)
        rated = st.zeroed(matrix, raw, np.bincount(membership[membership >= 0], minlength=k))
        reps = st.representative(matrix, rated)
        for g in range(k):
            pts = positions[membership == g]
            groups.append(
                Group(
                    id=stable[g],
                    members=members_by_label[g],
                    center=(float(pts[:, 0].mean()), float(pts[:, 1].mean())),
                    hull=outline(pts),
                    representative=reps[g],
                )
            )

    k = len(groups)
    if k:
        gac, _ = st.group_aware_consensus(raw)
    else:
        gac = np.zeros(m)
    # Everyone clustered: with groups, the sum over them (every clustered person is in one).
    everyone = (
        st.Counts(
            agree=raw.agree.sum(0)[None],
            disagree=raw.disagree.sum(0)[None],
            seen=raw.seen.sum(0)[None],
        )
        if k
        else st.counts(matrix, np.where(inside, 0, -1), 1, zero_moderated=False)
    )
    prio_counts = everyone
    if options.priorities_from_previous and state.group_votes:
        prio_counts = _previous_votes(matrix, state) or everyone
    priority = st.priorities(prio_counts, extremity, matrix.meta)
    new_state.group_votes = [
        matrix.statement_ids.tolist(),
        everyone.agree[0].tolist(),
        everyone.disagree[0].tolist(),
        everyone.seen[0].tolist(),
    ]
    totals = st.counts(matrix, np.zeros(n, dtype=np.int64), 1, zero_moderated=False)
    shares = st.agree_shares(rated) if k else np.zeros((0, m))
    statements = [
        StatementResult(
            id=sid,
            agree=int(totals.agree[0, j]),
            disagree=int(totals.disagree[0, j]),
            passes=int(totals.seen[0, j] - totals.agree[0, j] - totals.disagree[0, j]),
            priority=float(priority[j]),
            extremity=float(extremity[j]),
            group_aware_consensus=float(gac[j]),
            agree_share_by_group={groups[g].id: float(shares[g, j]) for g in range(k)},
            votes_by_group={
                groups[g].id: (
                    int(rated.agree[g, j]),
                    int(rated.disagree[g, j]),
                    int(rated.seen[g, j]),
                )
                for g in range(k)
            },
        )
        for j, sid in enumerate(matrix.statement_ids.tolist())
    ]
    order = sorted(range(k), key=lambda g: groups[g].id)
    result = Result(
        participant_ids=ids,
        positions=positions,
        group_of={pid: groups[membership[r]].id for r, pid in enumerate(ids) if membership[r] >= 0},
        groups=[groups[g] for g in order],
        statements=statements,
        consensus=st.consensus(matrix, totals),
        common_ground=st.common_ground(matrix, rated, gac) if k else [],
        divisive=st.divisive(matrix, rated) if k else [],
        uncertain=st.uncertain(matrix),
        silhouettes=dict(choice.silhouettes) if choice else {},
        pca_sweeps=pca.sweeps,
        note=note,
    )
    return result, new_state


def outline(points: np.ndarray) -> list[tuple[float, float]]:
    """The convex hull of a group's positions, for drawing; a group on a line or a point gets
    the corners of its bounding box instead."""
    distinct = np.unique(points, axis=0)
    if len(distinct) >= 3:
        try:
            hull = ConvexHull(distinct)
            return [(float(x), float(y)) for x, y in distinct[hull.vertices]]
        except QhullError:  # all on one line
            pass
    (x0, y0), (x1, y1) = distinct.min(axis=0), distinct.max(axis=0)
    return [
        (float(x0), float(y0)),
        (float(x1), float(y0)),
        (float(x1), float(y1)),
        (float(x0), float(y1)),
    ]


def _labels_for(choice: cl.GroupChoice, k: int, base: cl.Clusters) -> np.ndarray:
    centers = choice.clusterings[k]
    d = ((base.centers[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def _previous_votes(matrix: VoteMatrix, state: State) -> st.Counts | None:
    sids, a, d, s = state.group_votes
    index = {sid: i for i, sid in enumerate(sids)}
    cols = [index.get(sid) for sid in matrix.statement_ids.tolist()]
    if any(c is None for c in cols):
        return None
    pick = np.array(cols)
    return st.Counts(
        agree=np.asarray(a)[pick][None, :],
        disagree=np.asarray(d)[pick][None, :],
        seen=np.asarray(s)[pick][None, :],
    )
