"""REST API for trajectories, parties and memberships: the same permissions as the pages."""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from rondetafel.core.api_types import InputSchema, JsonDate, json_integer

from . import selectors, services
from .access import party_in, trajectory_for
from .constants import Role, Side, StepStatus, TrajectoryStatus

router = Router(tags=["trajectories"])


class TrajectoryOut(Schema):
    id: UUID
    title: str
    question: str
    background: str
    starts_on: date | None
    ends_on: date | None
    status: TrajectoryStatus
    session_names_kept_days: int | None


class TrajectoryIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    question: str = Field(..., min_length=1, max_length=2000)
    background: str = Field("", max_length=10000)
    starts_on: JsonDate | None = None
    ends_on: JsonDate | None = None
    status: TrajectoryStatus = TrajectoryStatus.DRAFT
    session_names_kept_days: (
        Annotated[int, Field(ge=0, le=3650), BeforeValidator(json_integer)] | None
    ) = None


class TrajectoryPatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    question: str | None = Field(None, min_length=1, max_length=2000)
    background: str | None = Field(None, max_length=10000)
    starts_on: JsonDate | None = None
    ends_on: JsonDate | None = None
    status: TrajectoryStatus | None = None
    session_names_kept_days: (
        Annotated[int, Field(ge=0, le=3650), BeforeValidator(json_integer)] | None
    ) = None


class StepOut(Schema):
    number: int
    title: str
    status: StepStatus


class TrajectoryDetailOut(TrajectoryOut):
    steps: list[StepOut]


class PartyOut(Schema):
    id: UUID
    name: str
    side: Side
    side_label: str
    description: str


class PartyIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    side: Side
    side_label: str = Field("", max_length=100)
    description: str = Field("", max_length=2000)


class PartyPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    side: Side | None = None
    side_label: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)


class MembershipOut(Schema):
    id: UUID
    full_name: str
    email: str | None
    role: Role
    party_id: UUID | None
    position: str


class MembershipPatch(InputSchema):
    role: Role | None = None
    party_id: UUID | None = None
    position: str | None = Field(None, max_length=150)


class InvitationIn(InputSchema):
    # Whitespace spelled out: `\s` means more in Python than in the OpenAPI's (JavaScript) regex.
    email: str = Field(
        ..., max_length=254, pattern=r"^[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+\.[^@ \t\n\r\f\v]+$"
    )
    full_name: str = Field(..., min_length=1, max_length=150)
    role: Role
    party_id: UUID | None = None


class InvitationOut(Schema):
    id: UUID
    email: str
    role: Role
    expires_at: str


def _membership_out(membership, show_contacts: bool) -> MembershipOut:
    return MembershipOut(
        id=membership.id,
        full_name=membership.user.full_name,
        email=membership.user.email if show_contacts else None,
        role=membership.role,
        party_id=membership.party_id,
        position=membership.position,
    )


@router.get("/trajectories", response=list[TrajectoryOut])
def list_trajectories(request):
    return list(selectors.trajectory_list(user=request.auth))


@router.post("/trajectories", response={201: TrajectoryOut})
def create_trajectory(request, payload: TrajectoryIn):
    if not request.auth.has_perm("trajectories.add_trajectory"):
        raise PermissionDenied(_("Only facilitators can start a trajectory."))
    return Status(201, services.trajectory_create(created_by=request.auth, **payload.dict()))


@router.get("/trajectories/{trajectory_id}", response=TrajectoryDetailOut)
def get_trajectory(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.view_trajectory")
    steps = [
        StepOut(number=s.number, title=str(s.title), status=s.status)
        for s in selectors.trajectory_overview(trajectory=trajectory)["steps"]
    ]
    return TrajectoryDetailOut(**TrajectoryOut.from_orm(trajectory).dict(), steps=steps)


@router.patch("/trajectories/{trajectory_id}", response=TrajectoryOut)
def update_trajectory(request, trajectory_id: UUID, payload: TrajectoryPatch):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.change_trajectory")
    return services.trajectory_update(
        trajectory=trajectory, actor=request.auth, **payload.dict(exclude_unset=True)
    )


@router.get("/trajectories/{trajectory_id}/parties", response=list[PartyOut])
def list_parties(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.view_trajectory")
    return list(selectors.party_list(trajectory=trajectory))


@router.post("/trajectories/{trajectory_id}/parties", response={201: PartyOut})
def create_party(request, trajectory_id: UUID, payload: PartyIn):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.manage_parties")
    return Status(
        201, services.party_create(trajectory=trajectory, actor=request.auth, **payload.dict())
    )


@router.patch("/trajectories/{trajectory_id}/parties/{party_id}", response=PartyOut)
def update_party(request, trajectory_id: UUID, party_id: UUID, payload: PartyPatch):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.manage_parties")
    party = selectors.party_get(trajectory=trajectory, party_id=party_id)
    if party is None:
        raise Http404(_("This party does not exist."))
    return services.party_update(
        party=party, actor=request.auth, **payload.dict(exclude_unset=True)
    )


@router.get("/trajectories/{trajectory_id}/memberships", response=list[MembershipOut])
def list_memberships(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.view_trajectory")
    show = request.auth.has_perm("trajectories.view_member_contacts", trajectory)
    return [_membership_out(m, show) for m in selectors.membership_list(trajectory=trajectory)]


@router.patch("/trajectories/{trajectory_id}/memberships/{membership_id}", response=MembershipOut)
def update_membership(request, trajectory_id: UUID, membership_id: UUID, payload: MembershipPatch):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.manage_members")
    membership = selectors.membership_get(trajectory=trajectory, membership_id=membership_id)
    if membership is None:
        raise Http404(_("This person is not part of this trajectory."))
    data = payload.dict(exclude_unset=True)
    if "party_id" in data:
        data["party"] = party_in(trajectory, data.pop("party_id"))
    membership = services.membership_update(membership=membership, actor=request.auth, **data)
    return _membership_out(membership, True)


@router.delete("/trajectories/{trajectory_id}/memberships/{membership_id}", response={204: None})
def remove_membership(request, trajectory_id: UUID, membership_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.manage_members")
    membership = selectors.membership_get(trajectory=trajectory, membership_id=membership_id)
    if membership is None:
        raise Http404(_("This person is not part of this trajectory."))
    services.membership_remove(membership=membership, actor=request.auth)
    return Status(204, None)


@router.post("/trajectories/{trajectory_id}/invitations", response={201: InvitationOut})
def create_invitation(request, trajectory_id: UUID, payload: InvitationIn):
    trajectory = trajectory_for(request.auth, trajectory_id, "trajectories.manage_members")
    invitation, _token = services.invitation_create(
        trajectory=trajectory,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
        party=party_in(trajectory, payload.party_id),
        invited_by=request.auth,
        base_url=request.build_absolute_uri("/"),
    )
    return Status(
        201,
        InvitationOut(
            id=invitation.id,
            email=invitation.email,
            role=invitation.role,
            expires_at=invitation.expires_at.isoformat(),
        ),
    )
