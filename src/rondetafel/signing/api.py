"""API for signing: the ceremonies of a trajectory, the status per signatory, and the document
as it stands (signed so far, or sealed once everyone signed). Reading only: signing itself needs
the person, their code and their confirmation on the signing page."""

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from rondetafel.trajectories.access import trajectory_for

from . import selectors
from .constants import AuthMethod, CeremonyStatus, SigningOrder
from .models import Ceremony

router = Router(tags=["signing"])


class SignatoryOut(Schema):
    position: int
    name: str
    role: str
    party: str
    side: str
    signed: bool
    signed_at: datetime | None
    method: AuthMethod | None


class CeremonyOut(Schema):
    id: UUID
    version_id: UUID
    version_number: int
    status: CeremonyStatus
    order: SigningOrder
    opened_at: datetime
    completed_at: datetime | None
    signed: int
    total: int
    final_sha256: str


class CeremonyDetailOut(CeremonyOut):
    signatories: list[SignatoryOut]


def _out(ceremony: Ceremony, people=None) -> dict:
    people = people if people is not None else selectors.signatories(ceremony=ceremony)
    return {
        "id": ceremony.pk,
        "version_id": ceremony.version_id,
        "version_number": ceremony.version.number,
        "status": ceremony.status,
        "order": ceremony.order,
        "opened_at": ceremony.created_at,
        "completed_at": ceremony.completed_at,
        "signed": sum(1 for s in people if s.signed),
        "total": len(people),
        "final_sha256": ceremony.final_sha256,
    }


def _ceremony(request, trajectory_id, ceremony_id) -> Ceremony:
    trajectory = trajectory_for(request.auth, trajectory_id, "signing.view")
    ceremony = selectors.ceremony_get(trajectory=trajectory, ceremony_id=ceremony_id)
    if ceremony is None:
        raise Http404(_("This signing ceremony does not exist."))
    return ceremony


@router.get("/trajectories/{trajectory_id}/ceremonies", response=list[CeremonyOut])
def list_ceremonies(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "signing.view")
    return [_out(c) for c in selectors.ceremonies_for(trajectory=trajectory)]


@router.get("/trajectories/{trajectory_id}/ceremonies/{ceremony_id}", response=CeremonyDetailOut)
def get_ceremony(request, trajectory_id: UUID, ceremony_id: UUID):
    """The status per signatory, as the ceremony page shows it to every member."""
    ceremony = _ceremony(request, trajectory_id, ceremony_id)
    people = selectors.signatories(ceremony=ceremony)
    return {
        **_out(ceremony, people),
        "signatories": [
            {
                "position": s.position,
                "name": s.name,
                "role": s.role,
                "party": s.party_name,
                "side": s.side,
                "signed": s.signed,
                "signed_at": s.signed_at,
                "method": s.auth_method or None,
            }
            for s in people
        ],
    }


@router.get(
    "/trajectories/{trajectory_id}/ceremonies/{ceremony_id}/document",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The PDF as it stands: signed so far, or sealed when complete.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_ceremony_document(request, trajectory_id: UUID, ceremony_id: UUID):
    ceremony = _ceremony(request, trajectory_id, ceremony_id)
    pdf = bytes(Ceremony.objects.values_list("document", flat=True).get(pk=ceremony.pk))
    suffix = "ondertekend" if ceremony.status == CeremonyStatus.COMPLETE else "ter-ondertekening"
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"overeenkomst-v{ceremony.version.number}-{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
