"""Synthetic conversations with a known group structure, for benchmarks, property tests and demos.

The shape follows real Pol.is exports: a few latent opinion groups, each with its own chance to
agree with each statement; how many statements a participant votes on is heavy-tailed (most vote
on a few dozen, a few on nearly all); older statements collect more votes than newer ones; about
a fifth of the votes are passes; votes arrive in time order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SyntheticConversation:
    participants: np.ndarray  # int64, one per vote
    statements: np.ndarray  # int64, one per vote
    votes: np.ndarray  # int8: +1 agree, -1 disagree, 0 pass
    times: np.ndarray  # int64, milliseconds, non-decreasing
    latent_group: np.ndarray  # the true group of each participant (index = participant id)


def conversation(
    *,
    participants: int,
    statements: int,
    votes: int,
    groups: int = 3,
    pass_rate: float = 0.2,
    seed: int = 0,
) -> SyntheticConversation:
    rng = np.random.default_rng(seed)
    latent = rng.integers(0, groups, size=participants)
    # Each group's chance of agreeing (given it does not pass), per statement: mostly clear.
    p_agree = rng.beta(0.6, 0.6, size=(groups, statements))

    # Votes per participant: lognormal, scaled to the requested total, capped at every statement.
    weights = rng.lognormal(mean=0.0, sigma=1.0, size=participants)
    per_ptpt = np.minimum(
        np.maximum(1, np.round(weights / weights.sum() * votes)).astype(np.int64), statements
    )
    # Older statements are seen more: a participant's statements are drawn without replacement
    # with a weight that falls with the statement's id.
    stmt_weight = 1.0 / (1.0 + np.arange(statements) / (statements / 4))
    order_keys = rng.random((participants, statements)) ** (
        1.0 / stmt_weight
    )  # Efraimidis–Spirakis
    chosen = np.argsort(-order_keys, axis=1)
    rows = np.repeat(np.arange(participants), per_ptpt)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(per_ptpt) - per_ptpt, per_ptpt)
    cols = chosen[rows, offsets]

    draw = rng.random(len(rows))
    agree = draw < p_agree[latent[rows], cols]
    vote = np.where(agree, 1, -1).astype(np.int8)
    vote[rng.random(len(rows)) < pass_rate] = 0

    times = np.sort(rng.integers(0, 30 * 24 * 3600 * 1000, size=len(rows)))
    shuffle = rng.permutation(len(rows))  # arrival order is not participant order
    return SyntheticConversation(
        participants=rows[shuffle].astype(np.int64),
        statements=cols[shuffle].astype(np.int64),
        votes=vote[shuffle],
        times=times,
        latent_group=latent,
    )
