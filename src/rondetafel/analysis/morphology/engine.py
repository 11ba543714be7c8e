"""The solution space of a morphological field.

- `compile_space`: every consistent configuration, by a vectorised join over the parameters
  (most constrained first), kept as an N x n uint8 matrix plus one packed bitset per value;
  above `limit` configurations it stops, counts instead and says so.
- `count`: how many consistent configurations there are (with values fixed or not), by
  variable elimination when the constraint graph is sparse enough, else by bitset search with
  forward checking under a node budget.
- `Space.explore`: with values fixed, how many configurations remain and how many contain each
  value (0: no longer possible).
- `dead_values`: values in no consistent configuration, with the judgements that exclude them.
- `Space.diverse`: k scenarios far apart (greedy max-min Hamming, keeping those already chosen).
- `nearest`: the consistent configuration closest to a wish, with the judgements the wish breaks.

See `../shared/reference/morphological-analysis.md`, sections 3 and 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .field import Field, Judgement, Value

DEFAULT_LIMIT = 2_000_000  # configurations kept in memory (12 bytes each, plus the index)
MAX_WIDTH = 8  # variable elimination builds tensors of m ** (width + 1) cells: guard it
DEFAULT_NODE_BUDGET = 5_000_000  # search nodes for a count that cannot be done otherwise


# --- the model: which pairs are allowed --------------------------------------------------------


class Model:
    """The field as the algorithms use it: for each constrained pair of parameters an m_i x m_j
    boolean table of allowed value pairs, and for the search, bitmasks of compatible values."""

    def __init__(self, field: Field):
        self.field = field
        self.n = len(field.values)
        self.sizes = field.sizes
        self.allowed: dict[tuple[int, int], np.ndarray] = {}
        for j in field.inconsistent():
            (p, a), (q, b) = (
                (j.first.parameter, j.first.value),
                (j.second.parameter, j.second.value),
            )
            if p > q:
                (p, a), (q, b) = (q, b), (p, a)
            table = self.allowed.get((p, q))
            if table is None:
                table = self.allowed[(p, q)] = np.ones((self.sizes[p], self.sizes[q]), bool)
            table[a, b] = False
        full = [(1 << m) - 1 for m in self.sizes]
        # compatible[i][a][j]: bitmask of the values of j that may go with value a of i
        self.compatible = [[list(full) for _a in range(self.sizes[i])] for i in range(self.n)]
        for (p, q), table in self.allowed.items():
            for a in range(self.sizes[p]):
                self.compatible[p][a][q] = _mask(table[a])
            for b in range(self.sizes[q]):
                self.compatible[q][b][p] = _mask(table[:, b])
        self.full = full

    def table(self, p: int, q: int) -> np.ndarray | None:
        """The allowed pairs of p (rows) and q (columns), None when no pair is excluded."""
        if p < q:
            return self.allowed.get((p, q))
        table = self.allowed.get((q, p))
        return None if table is None else table.T

    def neighbours(self, p: int) -> set[int]:
        return {q for pair in self.allowed for q in pair if p in pair and q != p}

    def order(self) -> list[int]:
        """Most constrained parameters first, then fewest values: fewer partial configurations
        survive each step of the join."""
        excluded = [0] * self.n
        for (p, q), table in self.allowed.items():
            cut = int((~table).sum())
            excluded[p] += cut
            excluded[q] += cut
        return sorted(range(self.n), key=lambda p: (-excluded[p] / self.sizes[p], self.sizes[p]))

    def consistent(self, configuration) -> bool:
        return all(
            table[configuration[p], configuration[q]] for (p, q), table in self.allowed.items()
        )


def _mask(flags) -> int:
    mask = 0
    for bit, flag in enumerate(flags):
        if flag:
            mask |= 1 << bit
    return mask


# --- counting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    value: int | None  # None: more than the search budget allowed to count
    exact: bool
    method: str  # "enumeration", "elimination", "search", or "budget" (stopped: at least `value`)


def count(
    model: Model, fixed: dict[int, int] | None = None, *, budget=DEFAULT_NODE_BUDGET
) -> Count:
    """How many consistent configurations, with `fixed` values ({parameter: value})."""
    fixed = fixed or {}
    width = induced_width(model)
    if width <= MAX_WIDTH:
        total = _eliminate(model, fixed)
        return Count(int(round(total)), total < 2**53, "elimination")
    found, complete = _search_count(model, fixed, budget)
    return Count(found, complete, "search" if complete else "budget")


def induced_width(model: Model) -> int:
    """The width of the min-degree elimination order of the constraint graph."""
    graph = {p: model.neighbours(p) for p in range(model.n)}
    width = 0
    while graph:
        p = min(graph, key=lambda v: (len(graph[v]), v))
        near = graph.pop(p)
        width = max(width, len(near))
        for q in near:
            graph[q] |= near - {q}
            graph[q].discard(p)
    return width


def _eliminate(model: Model, fixed: dict[int, int]) -> float:
    """Variable elimination on the factor graph: each constrained pair is a 0/1 matrix, each
    fixed value an indicator; sum the variables out, fewest neighbours first."""
    factors: list[tuple[tuple[int, ...], np.ndarray]] = [
        ((p, q), table.astype(np.float64)) for (p, q), table in model.allowed.items()
    ]
    for p in range(model.n):
        unary = np.zeros(model.sizes[p]) if p in fixed else np.ones(model.sizes[p])
        if p in fixed:
            unary[fixed[p]] = 1.0
        factors.append(((p,), unary))
    remaining = set(range(model.n))
    while remaining:
        degree = {p: len({v for vs, _f in factors if p in vs for v in vs} - {p}) for p in remaining}
        p = min(remaining, key=lambda v: (degree[v], v))
        remaining.discard(p)
        touching = [(vs, f) for vs, f in factors if p in vs]
        factors = [(vs, f) for vs, f in factors if p not in vs]
        variables = sorted({v for vs, _f in touching for v in vs} - {p})
        letters = {v: chr(97 + i) for i, v in enumerate([p, *variables])}
        spec = ",".join("".join(letters[v] for v in vs) for vs, _f in touching)
        out = "".join(letters[v] for v in variables)
        product = np.einsum(f"{spec}->{out}", *[f for _vs, f in touching])
        factors.append((tuple(variables), product))
    total = 1.0
    for _vs, f in factors:
        total *= float(f)
    return total


def _domains(model: Model, fixed: dict[int, int]) -> list[int] | None:
    domains = list(model.full)
    for p, a in fixed.items():
        domains[p] &= 1 << a
    for p, a in fixed.items():  # forward check the fixed values against each other
        for q in range(model.n):
            if q != p:
                domains[q] &= model.compatible[p][a][q]
                if not domains[q]:
                    return None
    return domains


def _search_count(model: Model, fixed: dict[int, int], budget: int) -> tuple[int, bool]:
    domains = _domains(model, fixed)
    if domains is None:
        return 0, True
    order = model.order()
    n, compatible = model.n, model.compatible
    nodes = 0
    found = 0

    def visit(k: int, doms: list[int]) -> bool:
        nonlocal nodes, found
        nodes += 1
        if nodes > budget:
            return False
        if k == n - 1:
            found += doms[order[k]].bit_count()
            return True
        p = order[k]
        rest = order[k + 1 :]
        d = doms[p]
        while d:
            low = d & -d
            d ^= low
            ca = compatible[p][low.bit_length() - 1]
            nd = list(doms)
            for q in rest:
                nd[q] &= ca[q]
                if not nd[q]:
                    break
            else:
                if not visit(k + 1, nd):
                    return False
        return True

    complete = visit(0, domains)
    return found, complete


def satisfiable(model: Model, fixed: dict[int, int]) -> bool:
    """Whether some consistent configuration has the `fixed` values (search, stops at one)."""
    return _first(model, fixed) is not None


def _first(model: Model, fixed: dict[int, int]) -> list[int] | None:
    domains = _domains(model, fixed)
    if domains is None:
        return None
    order = model.order()
    chosen = [0] * model.n

    def visit(k: int, doms: list[int]) -> bool:
        if k == model.n:
            return True
        p = order[k]
        d = doms[p]
        while d:
            low = d & -d
            d ^= low
            a = low.bit_length() - 1
            ca = model.compatible[p][a]
            nd = list(doms)
            for q in order[k + 1 :]:
                nd[q] &= ca[q]
                if not nd[q]:
                    break
            else:
                chosen[p] = a
                if visit(k + 1, nd):
                    return True
        return False

    return chosen if visit(0, domains) else None


# --- the compiled space -------------------------------------------------------------------------


@dataclass(frozen=True)
class Exploration:
    total: int
    support: list[list[int]]  # per parameter, per value: configurations that contain it

    def possible(self, value: Value) -> bool:
        return self.support[value.parameter][value.value] > 0


class Space:
    """Every consistent configuration (rows, in the field's parameter order) and a packed
    bitset per value, for instant exploration."""

    def __init__(self, model: Model, configurations: np.ndarray):
        self.model = model
        self.configurations = configurations
        self.size = int(configurations.shape[0])
        self._packed: list[list[np.ndarray]] | None = None

    @property
    def _index(self) -> list[list[np.ndarray]]:
        """One packed bitset per value (built on the first exploration, not at compile time)."""
        if self._packed is None:
            words = (self.size + 63) // 64
            packed = []
            for p in range(self.model.n):
                column = self.configurations[:, p]
                per_value = []
                for a in range(self.model.sizes[p]):
                    bits = np.packbits(column == a, bitorder="little")
                    padded = np.zeros(words * 8, np.uint8)
                    padded[: bits.size] = bits
                    per_value.append(padded.view(np.uint64))
                packed.append(per_value)
            self._packed = packed
        return self._packed

    def explore(self, fixed: dict[int, int] | None = None) -> Exploration:
        fixed = fixed or {}
        if not fixed:
            mask = None
        else:
            items = iter(fixed.items())
            p, a = next(items)
            mask = self._index[p][a].copy()
            for p, a in items:
                mask &= self._index[p][a]
        support = []
        for p in range(self.model.n):
            row = []
            for a in range(self.model.sizes[p]):
                bits = self._index[p][a] if mask is None else self._index[p][a] & mask
                row.append(int(np.bitwise_count(bits).sum()))
            support.append(row)
        total = self.size if mask is None else int(np.bitwise_count(mask).sum())
        return Exploration(total, support)

    def diverse(self, k: int, keep: list[int] | None = None) -> list[int]:
        """Rows of k configurations far apart: greedy farthest point (max-min Hamming distance),
        starting from the rows in `keep` or, without them, from the configuration farthest from
        the most common values."""
        if self.size == 0 or k <= 0:
            return []
        rows = self.configurations
        chosen = [r for r in (keep or []) if 0 <= r < self.size]
        if not chosen:
            modal = np.array(
                [
                    np.bincount(rows[:, p], minlength=m).argmax()
                    for p, m in enumerate(self.model.sizes)
                ],
                dtype=rows.dtype,
            )
            chosen = [int((rows != modal).sum(axis=1).argmax())]
        nearest = np.full(self.size, np.iinfo(np.int16).max, np.int16)
        for r in chosen:
            np.minimum(nearest, (rows != rows[r]).sum(axis=1, dtype=np.int16), out=nearest)
        while len(chosen) < min(k, self.size):
            r = int(nearest.argmax())
            if nearest[r] == 0:
                break  # every remaining configuration is one already chosen
            chosen.append(r)
            np.minimum(nearest, (rows != rows[r]).sum(axis=1, dtype=np.int16), out=nearest)
        return chosen[: max(k, len(keep or []))]

    def configuration(self, row: int) -> list[int]:
        return [int(v) for v in self.configurations[row]]


@dataclass(frozen=True)
class Compiled:
    model: Model
    space: Space | None  # None when there were more than `limit` configurations
    count: Count
    limit: int

    @property
    def too_large(self) -> bool:
        return self.space is None


def compile_space(field: Field, *, limit: int = DEFAULT_LIMIT) -> Compiled:
    """Every consistent configuration, or (above `limit`) a count and no list."""
    model = Model(field)
    order = model.order()
    partial = np.arange(model.sizes[order[0]], dtype=np.uint8)[:, None]
    for k in range(1, model.n):
        p = order[k]
        ok = np.ones((partial.shape[0], model.sizes[p]), bool)
        for position in range(k):
            table = model.table(order[position], p)
            if table is not None:
                ok &= table[partial[:, position]]
        survivors = int(ok.sum())
        if survivors > limit:
            return Compiled(model, None, count(model), limit)
        rows, values = np.nonzero(ok)
        partial = np.column_stack([partial[rows], values.astype(np.uint8)])
        if partial.shape[0] == 0:
            break
    if partial.shape[0] == 0:
        configurations = np.zeros((0, model.n), np.uint8)
    else:
        configurations = np.empty_like(partial)
        configurations[:, order] = partial  # back to the field's parameter order
    return Compiled(
        model, Space(model, configurations), Count(len(configurations), True, "enumeration"), limit
    )


def explore(compiled: Compiled, fixed: dict[int, int] | None = None) -> Exploration:
    """`Space.explore`, or, for a space too large to list, counts by elimination (or, where the
    graph is too dense, whether each value is still possible: support 1 or 0)."""
    if compiled.space is not None:
        return compiled.space.explore(fixed)
    model = compiled.model
    fixed = fixed or {}
    total = count(model, fixed)
    support = []
    for p in range(model.n):
        row = []
        for a in range(model.sizes[p]):
            if p in fixed:
                row.append((total.value or 0) if fixed[p] == a else 0)
            elif total.method == "elimination":
                row.append(count(model, {**fixed, p: a}).value or 0)
            else:
                row.append(1 if satisfiable(model, {**fixed, p: a}) else 0)
        support.append(row)
    return Exploration(total.value or 0, support)


# --- diagnostics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadValue:
    value: Value
    blocked_parameter: int | None  # a parameter none of whose values may go with this value
    judgements: tuple[Judgement, ...]  # the inconsistent judgements involving this value


def dead_values(field: Field, exploration: Exploration | None = None) -> list[DeadValue]:
    """Values that occur in no consistent configuration: a sign the field needs rework. Each
    with the judgements that exclude it, and the parameter it leaves without any value, if one."""
    model = Model(field)
    dead = []
    for p in range(model.n):
        for a in range(model.sizes[p]):
            if exploration is not None:
                alive = exploration.support[p][a] > 0
            else:
                alive = satisfiable(model, {p: a})
            if alive:
                continue
            value = Value(p, a)
            blocked = next(
                (q for q in range(model.n) if q != p and not model.compatible[p][a][q]), None
            )
            reasons = tuple(j for j in field.inconsistent() if j.involves(value))
            dead.append(DeadValue(value, blocked, reasons))
    return dead


@dataclass(frozen=True)
class Nearest:
    configuration: list[int] | None  # None: nothing is consistent
    distance: int  # how many parameters differ from the wish
    blocking: tuple[Judgement, ...]  # the judgements the wish itself breaks


def nearest(field: Field, wish: list[int], compiled: Compiled | None = None) -> Nearest:
    """The consistent configuration that differs from `wish` in the fewest parameters."""
    model = Model(field)
    blocking = tuple(
        j
        for j in field.inconsistent()
        if wish[j.first.parameter] == j.first.value and wish[j.second.parameter] == j.second.value
    )
    if compiled is not None and compiled.space is not None:
        space = compiled.space
        if space.size == 0:
            return Nearest(None, model.n, blocking)
        distances = (space.configurations != np.array(wish, np.uint8)).sum(axis=1)
        row = int(distances.argmin())
        return Nearest(space.configuration(row), int(distances[row]), blocking)
    found = _branch_and_bound(model, wish)
    if found is None:
        return Nearest(None, model.n, blocking)
    return Nearest(found, sum(1 for x, y in zip(found, wish, strict=True) if x != y), blocking)


def _branch_and_bound(model: Model, wish: list[int]) -> list[int] | None:
    order = model.order()
    best: list = [model.n + 1, None]
    chosen = [0] * model.n

    def visit(k: int, doms: list[int], cost: int) -> None:
        if cost >= best[0]:
            return
        if k == model.n:
            best[0], best[1] = cost, list(chosen)
            return
        p = order[k]
        d = doms[p]
        wanted = 1 << wish[p]
        candidates = ([wanted] if d & wanted else []) + _bits(d & ~wanted)
        for low in candidates:
            a = low.bit_length() - 1
            ca = model.compatible[p][a]
            nd = list(doms)
            for q in order[k + 1 :]:
                nd[q] &= ca[q]
                if not nd[q]:
                    break
            else:
                chosen[p] = a
                visit(k + 1, nd, cost + (a != wish[p]))

    visit(0, list(model.full), 0)
    return best[1]


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low)
        mask ^= low
    return out
