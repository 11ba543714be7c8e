"""API for the stakeholder register and its assessments, with the pages' permissions."""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from rondetafel.core.api_types import InputSchema, JsonDate, StrictBool, json_integer
from rondetafel.trajectories.access import party_in, trajectory_for
from rondetafel.trajectories.constants import Side

from . import selectors, services
from .constants import Attitude, Engagement, Kind

router = Router(tags=["stakeholders"])


class AssessmentOut(Schema):
    id: UUID
    assessed_on: date
    power: int
    interest: int
    legitimacy: bool
    urgency: bool
    attitude: Attitude
    attitude_desired: Attitude
    engagement: Engagement
    quadrant: str
    salience: str
    note: str


class AssessmentIn(InputSchema):
    assessed_on: JsonDate
    power: Annotated[int, Field(ge=1, le=5), BeforeValidator(json_integer)]
    interest: Annotated[int, Field(ge=1, le=5), BeforeValidator(json_integer)]
    legitimacy: StrictBool = False
    urgency: StrictBool = False
    attitude: Attitude = Attitude.NEUTRAL
    attitude_desired: Attitude = Attitude.SUPPORTIVE
    engagement: Engagement = Engagement.INFORM
    note: str = Field("", max_length=500)


class StakeholderOut(Schema):
    id: UUID
    kind: Kind
    name: str
    organisation: str
    party_id: UUID | None
    side: Side
    role: str
    email: str
    phone: str
    consent: bool
    consent_on: date | None
    strategy: str
    current: AssessmentOut | None


class StakeholderIn(InputSchema):
    kind: Kind = Kind.ORGANISATION
    name: str = Field(..., min_length=1, max_length=200)
    organisation: str = Field("", max_length=200)
    party_id: UUID | None = None
    side: Side
    role: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    consent: StrictBool = False
    consent_on: JsonDate | None = None
    strategy: str = Field("", max_length=5000)


class StakeholderPatch(InputSchema):
    kind: Kind | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    organisation: str | None = Field(None, max_length=200)
    party_id: UUID | None = None
    side: Side | None = None
    role: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    consent: StrictBool | None = None
    consent_on: JsonDate | None = None
    strategy: str | None = Field(None, max_length=5000)


def _stakeholder(trajectory, stakeholder_id):
    stakeholder = selectors.stakeholder_get(trajectory=trajectory, stakeholder_id=stakeholder_id)
    if stakeholder is None:
        raise Http404(_("This stakeholder does not exist."))
    return stakeholder


def _data(payload, trajectory, exclude_unset=False) -> dict:
    data = payload.dict(exclude_unset=exclude_unset)
    if "party_id" in data:
        data["party"] = party_in(trajectory, data.pop("party_id"))
    return data


@router.get("/trajectories/{trajectory_id}/stakeholders", response=list[StakeholderOut])
def list_stakeholders(
    request,
    trajectory_id: UUID,
    side: Side | None = None,
    kind: Kind | None = None,
    quadrant: str = "",
):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.view_register")
    return list(
        selectors.stakeholder_list(
            trajectory=trajectory, side=side or "", kind=kind or "", quadrant=quadrant
        )
    )


@router.post("/trajectories/{trajectory_id}/stakeholders", response={201: StakeholderOut})
def create_stakeholder(request, trajectory_id: UUID, payload: StakeholderIn):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.manage")
    return Status(
        201,
        services.stakeholder_create(
            trajectory=trajectory, actor=request.auth, **_data(payload, trajectory)
        ),
    )


@router.get("/trajectories/{trajectory_id}/stakeholders/{stakeholder_id}", response=StakeholderOut)
def get_stakeholder(request, trajectory_id: UUID, stakeholder_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.view_register")
    return _stakeholder(trajectory, stakeholder_id)


@router.patch(
    "/trajectories/{trajectory_id}/stakeholders/{stakeholder_id}", response=StakeholderOut
)
def update_stakeholder(
    request, trajectory_id: UUID, stakeholder_id: UUID, payload: StakeholderPatch
):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.manage")
    stakeholder = _stakeholder(trajectory, stakeholder_id)
    return services.stakeholder_update(
        stakeholder=stakeholder,
        actor=request.auth,
        **_data(payload, trajectory, exclude_unset=True),
    )


@router.get(
    "/trajectories/{trajectory_id}/stakeholders/{stakeholder_id}/assessments",
    response=list[AssessmentOut],
)
def list_assessments(request, trajectory_id: UUID, stakeholder_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.view_register")
    return list(_stakeholder(trajectory, stakeholder_id).assessments.all())


@router.post(
    "/trajectories/{trajectory_id}/stakeholders/{stakeholder_id}/assessments",
    response={201: AssessmentOut},
)
def create_assessment(request, trajectory_id: UUID, stakeholder_id: UUID, payload: AssessmentIn):
    trajectory = trajectory_for(request.auth, trajectory_id, "stakeholders.manage")
    stakeholder = _stakeholder(trajectory, stakeholder_id)
    return Status(
        201,
        services.assessment_create(stakeholder=stakeholder, actor=request.auth, **payload.dict()),
    )
