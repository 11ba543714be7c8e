"""API for live sessions: list them, read one, its agenda and its activities with their results
(as far as the reader may see them), and open, close or reopen it (as the console)."""

import json
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from rondetafel.trajectories.access import trajectory_for

from . import selectors, services
from .constants import ActivityStatus, BlockKind, WorkshopStatus

router = Router(tags=["sessions"])


class SessionOut(Schema):
    id: UUID
    title: str
    status: WorkshopStatus
    starts_at: datetime | None
    join_code: str | None  # only for those who run the session
    participants: int


class StatusIn(Schema):
    status: Literal["live", "closed"]


class BlockOut(Schema):
    id: UUID
    position: int
    kind: BlockKind
    title: str
    goal: str
    minutes: int
    started_at: datetime | None
    ended_at: datetime | None


class ActivityOut(Schema):
    id: UUID
    position: int
    block_id: UUID | None
    kind: str
    title: str
    status: ActivityStatus
    results_visible: bool
    outcome: str
    # The counts as the results page shows them; each activity type has its own shape. None when
    # the facilitator keeps them hidden and the reader does not run the session.
    results: dict[str, Any] | None


def _out(workshop, can_run: bool) -> dict:
    return {
        "id": workshop.pk,
        "title": workshop.title,
        "status": workshop.status,
        "starts_at": workshop.starts_at,
        "join_code": workshop.join_code if can_run else None,
        "participants": workshop.participants.count(),
    }


def _session(request, trajectory_id, session_id, perm):
    trajectory = trajectory_for(request.auth, trajectory_id, perm)
    workshop = selectors.workshop_get(trajectory=trajectory, workshop_id=session_id)
    if workshop is None:
        raise Http404(_("This session does not exist."))
    return trajectory, workshop


@router.get("/trajectories/{trajectory_id}/sessions", response=list[SessionOut])
def list_sessions(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "workshops.view")
    can_run = request.auth.has_perm("workshops.run", trajectory)
    return [_out(w, can_run) for w in trajectory.workshops.all()]


@router.get("/trajectories/{trajectory_id}/sessions/{session_id}", response=SessionOut)
def get_session(request, trajectory_id: UUID, session_id: UUID):
    trajectory, workshop = _session(request, trajectory_id, session_id, "workshops.view")
    return _out(workshop, request.auth.has_perm("workshops.run", trajectory))


@router.post("/trajectories/{trajectory_id}/sessions/{session_id}/status", response=SessionOut)
def set_session_status(request, trajectory_id: UUID, session_id: UUID, payload: StatusIn):
    """Open (`live`), close (`closed`) or reopen (`live`) a session. Closing ends its running
    activities and block; phones, the join page and the presenter screen follow."""
    _trajectory_obj, workshop = _session(request, trajectory_id, session_id, "workshops.run")
    workshop = services.workshop_set_status(
        workshop=workshop, actor=request.auth, status=payload.status
    )
    return _out(workshop, True)


@router.get("/trajectories/{trajectory_id}/sessions/{session_id}/agenda", response=list[BlockOut])
def get_session_agenda(request, trajectory_id: UUID, session_id: UUID):
    _trajectory, workshop = _session(request, trajectory_id, session_id, "workshops.view")
    return list(workshop.blocks.order_by("position"))


@router.get(
    "/trajectories/{trajectory_id}/sessions/{session_id}/activities", response=list[ActivityOut]
)
def list_session_activities(request, trajectory_id: UUID, session_id: UUID):
    """The activities in agenda order, with their results: all of them for those who run the
    session, only those shown on the screen for everyone else (as the report)."""
    trajectory, workshop = _session(request, trajectory_id, session_id, "workshops.view")
    can_run = request.auth.has_perm("workshops.run", trajectory)
    return [
        {
            "id": a.pk,
            "position": a.position,
            "block_id": a.block_id,
            "kind": a.kind,
            "title": a.title,
            "status": a.status,
            "results_visible": a.results_visible,
            "outcome": a.outcome,
            "results": _plain(selectors.results(a, landscape=False))
            if can_run or a.results_visible
            else None,
        }
        for a in selectors.activities_in_agenda_order(workshop)
    ]


def _plain(results: dict) -> dict:
    """As JSON has it (dates as text, tuples as lists): what the client receives."""
    return json.loads(json.dumps(results, cls=DjangoJSONEncoder))
