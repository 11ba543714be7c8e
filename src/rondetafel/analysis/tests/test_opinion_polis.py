"""Validation against Pol.is's own output: its math fixtures and its open-data exports."""

import numpy as np
import pytest

from rondetafel.analysis.opinion import Options, analyse
from rondetafel.analysis.opinion import pca as pc
from rondetafel.analysis.opinion import stats as st
from rondetafel.analysis.opinion.polis_io import read_folder, read_math_fixture

from .polis_data import conversation, fixture_dirs, needs_data

pytestmark = needs_data

FIXTURES = [d.name for d in fixture_dirs()]
# Exported while Pol.is had the bug that set every priority to 49 (polis-math.md 1.10).
PRIORITY_BUG = {"50ptpt-3gp-strict-no-meta"}


def adjusted_rand_index(a: list, b: list) -> float:
    """ARI from the contingency table (Hubert and Arabie)."""
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    index, rows, cols, n = pairs(table), pairs(table.sum(1)), pairs(table.sum(0)), len(a)
    expected = rows * cols / (n * (n - 1) / 2)
    return float((index - expected) / ((rows + cols) / 2 - expected))


def test_adjusted_rand_index_against_hand_computed_values():
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    # Hubert & Arabie's worked case: ARI([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.2424...
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        0.242424, abs=1e-6
    )


def _polis_membership(matrix, math):
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
    group_of = {p: g["id"] for g in math["group-clusters"] for b in g["members"] for p in base[b]}
    row = {p: i for i, p in enumerate(matrix.participant_ids.tolist())}
    membership = np.full(matrix.shape[0], -1)
    for pid, group in group_of.items():
        membership[row[pid]] = group
    return membership, len(math["group-clusters"])


@pytest.mark.parametrize("name", FIXTURES)
def test_given_polis_groups_the_statistics_match_polis_exactly(name):
    matrix, math = read_math_fixture(fixture_dirs()[FIXTURES.index(name)])
    membership, k = _polis_membership(matrix, math)

    reps = st.representative(matrix, st.counts(matrix, membership, k))
    for g in range(k):
        ours = [(r.statement, r.direction) for r in reps[g]]
        theirs = [(r["tid"], r["repful-for"]) for r in math["repness"][str(g)]]
        assert ours == theirs, f"group {g}"

    majority = st.consensus(matrix)
    for direction in ("agree", "disagree"):
        assert [c.statement for c in majority[direction]] == [
            c["tid"] for c in math["consensus"][direction]
        ]

    gac, _ = st.group_aware_consensus(st.counts(matrix, membership, k, zero_moderated=False))
    expected = [math["group-aware-consensus"][str(t)] for t in matrix.statement_ids.tolist()]
    np.testing.assert_allclose(gac, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in PRIORITY_BUG])
def test_priorities_match_polis_given_its_pca_and_in_conv_set(name):
    matrix, math = read_math_fixture(fixture_dirs()[FIXTURES.index(name)])
    _, center = pc.centred(matrix)
    np.testing.assert_allclose(center, -np.array(math["pca"]["center"]), atol=1e-12)  # sign flip
    extremity = pc.statement_extremity(
        matrix, pc.Pca(center=center, components=np.array(math["pca"]["comps"]), sweeps=0)
    )
    inside = set(math["in-conv"])
    who = np.array([0 if p in inside else -1 for p in matrix.participant_ids.tolist()])
    ours = st.priorities(st.counts(matrix, who, 1, zero_moderated=False), extremity, matrix.meta)
    theirs = [math["comment-priorities"][str(t)] for t in matrix.statement_ids.tolist()]
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


@pytest.mark.parametrize("name", [n for n in FIXTURES if n != "50ptpt-3gp-strict-no-meta"])
def test_our_pca_finds_polis_components(name):
    # (50ptpt's votes.json lacks participant 50's four votes, which Pol.is counted.)
    matrix, math = read_math_fixture(fixture_dirs()[FIXTURES.index(name)])
    _, state = analyse(matrix)
    ours, theirs = np.array(state.components), np.array(math["pca"]["comps"])
    for i in range(2):
        cosine = abs(ours[i] @ theirs[i]) / np.linalg.norm(theirs[i])
        assert cosine > 1 - 1e-6


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("bg2050-volunteers", 0.95),
        ("scoop-hivemind.biodiversity", 0.9),
        ("ssis.land-bank-farmland.2rumnecbeh.2021-08-01", 0.9),
        ("vtaiwan.uberx", 0.9),
    ],
)
@pytest.mark.parametrize("options", [Options(), Options.polis()], ids=["ours", "polis"])
def test_groups_agree_with_polis_group_ids(name, minimum, options):
    export = read_folder(conversation(name))
    assert export.problems == []
    result, _ = analyse(export.matrix(), options=options)
    common = [p for p in export.group_id if p in result.group_of]
    assert len(common) >= 0.99 * len(export.group_id)
    ari = adjusted_rand_index(
        [export.group_id[p] for p in common], [result.group_of[p] for p in common]
    )
    assert ari >= minimum


@pytest.mark.parametrize(
    "name", ["bg2050-volunteers", "ssis.land-bank-farmland.2rumnecbeh.2021-08-01", "vtaiwan.uberx"]
)
def test_an_export_with_only_the_wide_matrix_gives_the_same_groups(name, tmp_path):
    """Older exports ship no votes.csv: the same folder without it agrees with Pol.is's groups
    as closely as with it."""
    import shutil

    folder = conversation(name)
    for file in ("comments.csv", "participants-votes.csv", "summary.csv"):
        shutil.copy(folder / file, tmp_path / file)
    full, wide = read_folder(folder), read_folder(tmp_path)
    assert wide.problems == []
    assert len(wide.votes) <= len(full.votes)  # votes.csv also holds changed votes

    def ari(export):
        result, _ = analyse(export.matrix())
        common = [p for p in export.group_id if p in result.group_of]
        return adjusted_rand_index(
            [export.group_id[p] for p in common], [result.group_of[p] for p in common]
        )

    assert ari(wide) == pytest.approx(ari(full), abs=0.01)


def test_group_aware_consensus_matches_the_bg2050_export():
    export = read_folder(conversation("bg2050-volunteers"))
    result, _ = analyse(export.matrix())
    assert len(export.gac) > 300
    for cid, expected in export.gac.items():
        assert result.statement(cid).group_aware_consensus == pytest.approx(expected, abs=0.01)
