"""The opinion pipeline's invariants and its behaviour on awkward input."""

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as s

from rondetafel.analysis.opinion import Options, State, VoteError, analyse, build
from rondetafel.analysis.opinion.polis_io import ExportError, read_texts, write_export
from rondetafel.analysis.opinion.synthetic import conversation


def _result(votes, **kw):
    p, t, v = zip(*votes, strict=True) if votes else ((), (), ())
    return analyse(build(list(p), list(t), list(v), **kw))


def _finite(result):
    assert np.isfinite(result.positions).all()
    for statement in result.statements:
        assert np.isfinite(
            [statement.priority, statement.extremity, statement.group_aware_consensus]
        ).all()
        assert all(np.isfinite(list(statement.agree_share_by_group.values())))


def test_an_empty_conversation_has_no_groups_and_no_error():
    result, state = _result([])
    assert result.groups == [] and result.statements == [] and result.note == "too-few"
    assert State.from_json(state.to_json()) == state


def test_one_participant_is_placed_but_not_grouped():
    result, _ = _result([(1, s_, 1) for s_ in range(10)])
    assert result.groups == [] and result.note == "too-few"
    _finite(result)


def test_only_passes_gives_no_groups_and_no_nan():
    result, _ = _result([(p, t, 0) for p in range(20) for t in range(8)])
    assert result.groups == [] and result.note == "no-difference"
    _finite(result)
    assert result.consensus == {"agree": [], "disagree": []}


def test_everyone_voting_alike_is_common_ground_without_groups():
    result, _ = _result([(p, t, 1) for p in range(20) for t in range(8)])
    assert result.groups == []
    assert [c.statement for c in result.consensus["agree"]] == [0, 1, 2, 3, 4]


def test_two_camps_are_found_with_what_sets_them_apart_and_what_they_share():
    votes = []
    for p in range(30):
        camp = p % 2
        votes += [(p, 0, 1), (p, 1, 1)]  # shared ground
        votes += [(p, t, 1 if camp else -1) for t in (2, 3, 4)]
        votes += [(p, t, -1 if camp else 1) for t in (5, 6, 7)]
    result, _ = _result(votes)
    assert len(result.groups) == 2
    camps = [{p % 2 for p in g.members} for g in result.groups]
    assert sorted(map(sorted, camps)) == [[0], [1]]
    assert {c for c, _ in result.common_ground} == {0, 1}
    assert {d for d, _ in result.divisive} <= {2, 3, 4, 5, 6, 7} and result.divisive
    for group in result.groups:
        # Pol.is may lead with a shared statement as the group's "best agree"; the rest differ.
        assert [r.statement for r in group.representative if not r.best_agree]
        assert all(r.statement >= 2 for r in group.representative if not r.best_agree)


def test_the_latest_vote_wins_whatever_the_input_order():
    m = build([1, 1, 2], [5, 5, 5], [1, -1, 0], [20, 10, 30])
    assert m.vals.tolist() == [1, 0] and m.participant_ids.tolist() == [1, 2]
    again = build([1, 1, 1], [5, 5, 5], [1, -1, 1], [10, 10, 10])  # ties: input order
    assert again.vals.tolist() == [1]


def test_moderated_out_statements_do_not_shape_the_map_or_the_lists():
    base = [(p, t, 1 if (p + t) % 3 else -1) for p in range(20) for t in range(8)]
    with_bad = base + [(p, 99, 1) for p in range(20)]
    result, _ = _result(with_bad, moderated_out=[99])
    plain, _ = _result(base)
    assert all(99 not in [r.statement for r in g.representative] for g in result.groups)
    assert 99 not in [c.statement for c in result.consensus["agree"]]
    assert result.statement(99).extremity == 0.0
    assert len(result.groups) == len(plain.groups)


@pytest.mark.parametrize(
    ("participants", "statements", "votes", "times"),
    [([1], [1], [2], None), ([1, 2], [1], [1], None), ([1], [1], [1], [1, 2])],
)
def test_bad_votes_are_refused_with_a_clear_error(participants, statements, votes, times):
    with pytest.raises(VoteError):
        build(participants, statements, votes, times)


votes_strategy = s.lists(
    s.tuples(s.integers(0, 30), s.integers(0, 12), s.sampled_from([-1, 0, 1])),
    max_size=300,
)


# Derandomized: the same examples on every run, so CI does not turn red on a case found by
# chance. The example below is one hypothesis found at random: a participant equidistant from
# two groups, reassigned by rounding noise when the analysis resumed (clusters.TIE).
@example(
    [
        (0, 0, -1),
        (1, 1, -1),
        (2, 1, -1),
        (3, 2, 1),
        (4, 1, -1),
        (5, 1, -1),
        (6, 0, 0),
        (7, 3, -1),
        (8, 1, -1),
        (9, 1, -1),
        (10, 1, -1),
        (11, 2, -1),
    ],
    0,
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
@given(votes_strategy, s.integers(0, 3))
def test_invariants_hold_for_any_votes(votes, seed):
    matrix = build(
        [v[0] for v in votes],
        [v[1] for v in votes],
        [v[2] for v in votes],
        list(range(len(votes))),
    )
    result, state = analyse(matrix, options=Options(seed=seed))
    _finite(result)
    members = [p for g in result.groups for p in g.members]
    assert len(members) == len(set(members))  # nobody in two groups
    assert set(members) == set(result.group_of)
    assert set(members) <= set(state.in_conv)
    assert len(result.groups) != 1
    assert len({g.id for g in result.groups}) == len(result.groups)
    for statement in result.statements:
        assert 0 < statement.group_aware_consensus <= 1 or not result.groups
        assert statement.priority >= 0
    # Deterministic for a seed, and the state survives a round trip through JSON.
    again, again_state = analyse(matrix, options=Options(seed=seed))
    assert again.group_of == result.group_of
    assert State.from_json(again_state.to_json()) == again_state
    # Continuing from the state with the same votes keeps every group and its id, unless the
    # map itself turned (tiny inputs can have two equally strong second components).
    resumed, _ = analyse(matrix, previous=state, options=Options(seed=seed))
    if np.allclose(resumed.positions, result.positions, atol=1e-9):
        assert resumed.group_of == result.group_of


def test_live_updates_keep_group_identities():
    c = conversation(participants=300, statements=40, votes=6000, groups=2, seed=3)
    cut = len(c.votes) - 50
    first, state = analyse(
        build(c.participants[:cut], c.statements[:cut], c.votes[:cut], c.times[:cut])
    )
    ids = {g.id for g in first.groups}
    for end in range(cut + 10, len(c.votes) + 1, 10):
        result, state = analyse(
            build(c.participants[:end], c.statements[:end], c.votes[:end], c.times[:end]),
            previous=state,
        )
        assert {g.id for g in result.groups} == ids
    same = sum(result.group_of.get(p) == g for p, g in first.group_of.items())
    assert same >= 0.95 * len(first.group_of)


def test_synthetic_groups_are_recovered():
    c = conversation(participants=600, statements=60, votes=20000, groups=2, seed=5)
    result, _ = analyse(build(c.participants, c.statements, c.votes, c.times))
    assert len(result.groups) == 2
    truth = {p: int(c.latent_group[p]) for p in result.group_of}
    agree = sum(
        len({truth[p] for p in g.members}) == 1
        or max(np.bincount([truth[p] for p in g.members])) >= 0.9 * len(g.members)
        for g in result.groups
    )
    assert agree == 2


class ExportTests:
    COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"

    def test_bad_rows_are_reported_and_good_ones_kept(self):
        comments = (
            self.COMMENTS + "1,x,0,1,0,0,1,Eerste\n2,x,1,1,0,0,-1,Weg\n3,x,zz,1,0,0,1,Kapot\n"
        )
        votes = (
            "timestamp,datetime,comment-id,voter-id,vote\n"
            "1,x,0,5,1\n2,x,0,6,7\n3,x,42,5,1\n4,x,1,x,1\n5,x,1,6,-1\n"
        )
        export = read_texts(comments, votes)
        assert [c.id for c in export.comments] == [0, 1]
        assert [(p.file, p.line, p.code) for p in export.problems] == [
            ("comments.csv", 4, "bad-number"),
            ("votes.csv", 3, "bad-vote"),
            ("votes.csv", 4, "unknown-comment"),
            ("votes.csv", 5, "bad-number"),
        ]
        assert export.votes.tolist() == [1, -1]
        assert export.matrix().moderated_out.tolist() == [False, True]

    def test_a_wide_matrix_alone_gives_the_votes_and_reports_bad_rows_by_line(self):
        comments = self.COMMENTS + "1,x,0,1,0,0,1,Eerste\n2,x,1,1,0,0,1,Tweede\n"
        wide = (
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,7\n"
            "5,0,0,2,1,1,1,-1,\n"  # column 7: no such comment
            "6,1,0,1,0,0,,0,\n"
            "7,1,0,1,1,0,2,1,\n"  # 2 is no vote
            "8,0,0,1,1,0,1\n"  # too few cells
            "x,0,0,1,1,0,1,1,\n"  # no participant number
            "9,0,0,1,1,0,1.0,,\n"
        )
        export = read_texts(comments, None, wide)
        assert [(p.file, p.line, p.code, p.value) for p in export.problems] == [
            ("participants-votes.csv", 1, "unknown-comment", "7"),
            ("participants-votes.csv", 4, "bad-vote", "2"),
            ("participants-votes.csv", 5, "ragged-row", "7/9"),
            ("participants-votes.csv", 6, "bad-number", "x"),
        ]
        votes = list(
            zip(
                export.voters.tolist(),
                export.statements.tolist(),
                export.votes.tolist(),
                strict=True,
            )
        )
        assert votes == [(5, 0, 1), (5, 1, -1), (6, 1, 0), (9, 0, 1)]
        assert export.group_id == {5: 0, 6: 1, 7: 1, 8: 0, 9: 0}
        with pytest.raises(ExportError) as error:
            read_texts(comments, None, None)
        assert error.value.code == "missing-file"
        with pytest.raises(ExportError) as error:
            read_texts(comments, None, "voter,0\n1,1\n")
        assert error.value.code == "missing-columns"

    def test_missing_columns_are_an_error_not_a_crash(self):
        with pytest.raises(ExportError) as error:
            read_texts("a,b\n1,2\n", "timestamp,comment-id,voter-id,vote\n")
        assert error.value.code == "missing-columns"

    def test_our_export_reads_back_the_same(self):
        c = conversation(participants=80, statements=15, votes=900, groups=2, seed=2)
        result, _ = analyse(build(c.participants, c.statements, c.votes, c.times))
        from rondetafel.analysis.opinion.polis_io import Comment

        comments = [Comment(id=i, author=None, text=f"S{i}", moderated=1) for i in range(15)]
        files = write_export(
            topic="Test",
            comments=comments,
            votes=list(
                zip(
                    c.times.tolist(),
                    c.statements.tolist(),
                    c.participants.tolist(),
                    c.votes.tolist(),
                    strict=True,
                )
            ),
            group_of=result.group_of,
        )
        back = read_texts(
            files["comments.csv"],
            files["votes.csv"],
            files["participants-votes.csv"],
            files["summary.csv"],
        )
        assert back.problems == [] and back.topic == "Test"
        assert back.group_id == result.group_of
        again, _ = analyse(back.matrix())
        assert again.group_of == result.group_of
