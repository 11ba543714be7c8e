"""Decisions that other apps' events put in the trajectory's decision log (step 5).

An app registers a feed under the audit action that records its decision (a proposal decided,
the signing completed, a rule decided); the log (the governance app) turns each such entry into
a decision with a link back to its source. A feed may return None: not every entry of that
action is a decision (a goal sign-off counts only when the last party agrees)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from rondetafel.core.registry import Registry


@dataclass(frozen=True)
class DecisionDraft:
    trajectory_id: object
    # One decision per source: a second entry for the same key is not a new decision.
    source_key: str
    title: str
    decided_by: str  # a body or a role, in words
    decided_on: datetime.date
    basis: str = ""  # on what basis: the tally, the reason, the evidence
    consequences: str = ""  # what follows from it
    source_label: str = ""
    source_url: str = ""
    contributor_ids: list = field(default_factory=list)  # users who contributed to the source


DecisionFeed = Callable[["AuditEntry"], "DecisionDraft | None"]  # noqa: F821
decision_feeds: Registry[DecisionFeed] = Registry("decision feeds")
