"""API for agreements, versions, articles and proposals, with the pages' permissions."""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from rondetafel.core.api_types import InputSchema, JsonInt, StrictBool
from rondetafel.trajectories.access import trajectory_for

from . import selectors, services
from .constants import ProposalKind, ProposalStatus, VersionStatus

router = Router(tags=["agreements"])


class VersionOut(Schema):
    id: UUID
    number: int
    title: str
    status: VersionStatus
    valid_from: date | None
    valid_until: date | None
    based_on_id: UUID | None


class AgreementOut(Schema):
    id: UUID
    title: str
    versions: list[VersionOut]


class ArticleOut(Schema):
    id: UUID
    section: str
    number: str
    heading: str
    text: str
    lineage: UUID
    lock_version: int


class ProposalOut(Schema):
    id: UUID
    article_id: UUID | None
    kind: ProposalKind
    text: str
    rationale: str
    side: str
    proposed_by: str | None
    status: ProposalStatus
    supporters: int
    decided_at: datetime | None


class ProposalIn(InputSchema):
    kind: ProposalKind
    article_id: UUID | None = None
    section_id: UUID | None = None
    text: str = Field("", max_length=20000)
    heading: str = Field("", max_length=300)
    rationale: str = Field(..., min_length=1, max_length=5000)
    anonymous: StrictBool = False


class ArticlePatch(InputSchema):
    text: str = Field(..., min_length=1, max_length=20000)
    lock_version: JsonInt


def _version(request, trajectory_id, version_id, perm):
    trajectory = trajectory_for(request.auth, trajectory_id, perm)
    version = selectors.version_get(trajectory=trajectory, version_id=version_id)
    if version is None:
        raise Http404(_("This version does not exist."))
    return version


def _proposal_out(p) -> ProposalOut:
    return ProposalOut(
        id=p.id,
        article_id=p.article_id,
        kind=p.kind,
        text=p.text,
        rationale=p.rationale,
        side=p.side,
        proposed_by=None
        if p.anonymous
        else (p.proposed_by.full_name if p.proposed_by else p.proposer_name or None),
        status=p.status,
        supporters=len(p.supports.all()),
        decided_at=p.decided_at,
    )


@router.get("/trajectories/{trajectory_id}/agreements", response=list[AgreementOut])
def list_agreements(request, trajectory_id: UUID):
    trajectory = trajectory_for(request.auth, trajectory_id, "agreements.view")
    return [
        AgreementOut(id=a.id, title=a.title, versions=list(a.versions.all()))
        for a in selectors.agreement_list(trajectory=trajectory)
    ]


@router.get(
    "/trajectories/{trajectory_id}/agreements/versions/{version_id}/articles",
    response=list[ArticleOut],
)
def list_articles(request, trajectory_id: UUID, version_id: UUID):
    version = _version(request, trajectory_id, version_id, "agreements.view")
    return [
        ArticleOut(
            id=a.id,
            section=a.section.heading,
            number=a.number,
            heading=a.heading,
            text=a.text,
            lineage=a.lineage,
            lock_version=a.lock_version,
        )
        for a in selectors.all_articles(version)
    ]


@router.patch(
    "/trajectories/{trajectory_id}/agreements/versions/{version_id}/articles/{article_id}",
    response=ArticleOut,
)
def update_article(
    request, trajectory_id: UUID, version_id: UUID, article_id: UUID, payload: ArticlePatch
):
    version = _version(request, trajectory_id, version_id, "agreements.manage")
    article = selectors.article_get(version=version, article_id=article_id)
    if article is None:
        raise Http404(_("This article does not exist."))
    a = services.article_update(
        article=article, actor=request.auth, lock_version=payload.lock_version, text=payload.text
    )
    return ArticleOut(
        id=a.id,
        section=a.section.heading,
        number=a.number,
        heading=a.heading,
        text=a.text,
        lineage=a.lineage,
        lock_version=a.lock_version,
    )


@router.get(
    "/trajectories/{trajectory_id}/agreements/versions/{version_id}/proposals",
    response=list[ProposalOut],
)
def list_proposals(request, trajectory_id: UUID, version_id: UUID):
    version = _version(request, trajectory_id, version_id, "agreements.view")
    return [_proposal_out(p) for p in selectors.proposals(version=version)]


@router.post(
    "/trajectories/{trajectory_id}/agreements/versions/{version_id}/proposals",
    response={201: ProposalOut},
)
def create_proposal(request, trajectory_id: UUID, version_id: UUID, payload: ProposalIn):
    version = _version(request, trajectory_id, version_id, "agreements.review")
    article = (
        selectors.article_get(version=version, article_id=payload.article_id)
        if payload.article_id
        else None
    )
    section = (
        selectors.section_get(version=version, section_id=payload.section_id)
        if payload.section_id
        else None
    )
    if payload.article_id and article is None:
        raise Http404(_("This article does not exist."))
    proposal = services.proposal_create(
        version=version,
        user=request.auth,
        kind=payload.kind,
        rationale=payload.rationale,
        text=payload.text,
        heading=payload.heading,
        anonymous=payload.anonymous,
        article=article,
        section=section,
    )
    return Status(
        201, _proposal_out(selectors.proposal_get(version=version, proposal_id=proposal.pk))
    )
