"""Opinion landscape: Pol.is-compatible analysis of agree / disagree / pass votes on statements.

    matrix = build(participants, statements, votes, times, moderated_out=...)
    result, state = analyse(matrix, previous=state, options=Options())

See pipeline.py for the steps and for where we depart from Pol.is on purpose.
"""

from .matrix import VoteError, VoteMatrix, build
from .pipeline import Group, Options, Result, State, StatementResult, analyse

__all__ = [
    "Group",
    "Options",
    "Result",
    "State",
    "StatementResult",
    "VoteError",
    "VoteMatrix",
    "analyse",
    "build",
]
