"""Every write to agreements: import, versions and their status, editing drafts, review,
decisions and consolidation into the next version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.models import Membership, Trajectory

from . import structure
from .constants import (
    TALLY_KEYS,
    TRANSITIONS,
    DecisionMethod,
    ProposalKind,
    ProposalStatus,
    SectionKind,
    VersionStatus,
)
from .models import (
    Agreement,
    Article,
    ArticleVerdict,
    Comment,
    ImportDraft,
    Proposal,
    Section,
    Support,
    Version,
)


class EditConflict(ValidationError):
    """Someone else saved the same article since this person opened it."""


# --- import ----------------------------------------------------------------------------------


def _read_upload(filename: str, content: bytes) -> str:
    name = filename.lower()
    if name.endswith(".docx"):
        try:
            return structure.docx_to_markdown(content)
        except structure.UnpacksTooLarge as exc:
            raise ValidationError(
                {"file": _("This Word file unpacks to far more than its size; it is not read.")}
            ) from exc
        except structure.StructureError as exc:
            raise ValidationError(
                {
                    "file": _(
                        "This Word file could not be read. Is it damaged or protected with a password?"
                    )
                }
            ) from exc
    if name.endswith((".md", ".markdown", ".txt")):
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return content.decode("cp1252", errors="replace")
    raise ValidationError({"file": _("Upload a .docx or .md file.")})


@transaction.atomic
def import_draft_create(
    *, trajectory: Trajectory, actor, filename: str, content: bytes
) -> ImportDraft:
    markdown = _read_upload(filename, content)
    parsed = _parse(markdown)
    draft = ImportDraft(
        trajectory=trajectory,
        uploaded_by=actor,
        filename=filename[:255],
        markdown=markdown,
        warning=parsed.warning,
    )
    draft.save()
    return draft


def _parse(markdown: str) -> structure.ParsedAgreement:
    try:
        parsed = structure.parse_markdown(markdown)
    except structure.StructureError as exc:
        raise ValidationError(_("The document holds no text.")) from exc
    if parsed.warning:
        parsed.warning = _(
            "No sections or articles were recognised: the whole text is one section. Add ## before a section heading and ### before an article to correct it."
        )
    return parsed


def preview(markdown: str) -> structure.ParsedAgreement:
    return _parse(markdown)


@transaction.atomic
def import_draft_save(*, draft: ImportDraft, actor, markdown: str, title: str = "") -> Version:
    draft = ImportDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.saved_as_id:
        raise ValidationError(_("This import has been saved already."))
    parsed = _parse(markdown)
    version = agreement_create(
        trajectory=draft.trajectory,
        actor=actor,
        title=title or parsed.title or draft.filename,
        parsed=parsed,
    )
    draft.markdown, draft.saved_as = markdown, version
    draft.save(update_fields=["markdown", "saved_as", "updated_at"])
    return version


@transaction.atomic
def agreement_create(
    *,
    trajectory: Trajectory,
    actor,
    title: str,
    parsed: structure.ParsedAgreement,
    **version_data: Any,
) -> Version:
    agreement = Agreement(trajectory=trajectory, title=title[:300])
    agreement.full_clean()
    agreement.save()
    version = Version(
        agreement=agreement, number=1, title=agreement.title, created_by=actor, **version_data
    )
    version.full_clean()
    version.save()
    for s_order, parsed_section in enumerate(parsed.sections, start=1):
        section = Section.objects.create(
            version=version,
            order=s_order,
            kind=parsed_section.kind,
            heading=(parsed_section.heading or _("Text"))[:300],
        )
        Article.objects.bulk_create(
            Article(
                section=section,
                order=a_order,
                number=a.number[:20],
                heading=a.heading[:300],
                text=a.text,
            )
            for a_order, a in enumerate(parsed_section.articles, start=1)
        )
    audit(
        "agreement.created",
        actor=actor,
        obj=version,
        trajectory=trajectory,
        title=agreement.title,
        articles=parsed.article_count,
    )
    return version


# --- versions --------------------------------------------------------------------------------


@transaction.atomic
def version_set_status(*, version: Version, actor, status: str) -> Version:
    version = Version.objects.select_for_update().get(pk=version.pk)
    if status not in TRANSITIONS.get(version.status, set()):
        raise ValidationError(
            _("A version that is %(now)s cannot become %(next)s.")
            % {
                "now": version.get_status_display().lower(),
                "next": VersionStatus(status).label.lower(),
            }
        )
    if status == VersionStatus.ADOPTED and version.frozen_at is None:
        version.frozen_at = timezone.now()
        later_or_earlier = (
            Version.objects.filter(agreement=version.agreement)
            .exclude(pk=version.pk)
            .exclude(status__in=[VersionStatus.DRAFT, VersionStatus.SUPERSEDED])
        )
        for other in later_or_earlier.filter(number__lt=version.number):
            other.status = VersionStatus.SUPERSEDED
            other.save(update_fields=["status", "updated_at"])
    if status == VersionStatus.IN_REVIEW and version.frozen_at is None:
        version.frozen_at = timezone.now()
    previous = version.status
    version.status = status
    version.save(update_fields=["status", "frozen_at", "updated_at"])
    audit(
        "agreement.version_status",
        actor=actor,
        obj=version,
        trajectory=version.agreement.trajectory,
        **{"from": previous, "to": status},
    )
    return version


@transaction.atomic
def version_update(*, version: Version, actor, **data: Any) -> Version:
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.editable:
        raise ValidationError(_("This version is frozen: start a new version to change it."))
    for field in ("title", "valid_from", "valid_until", "signatories"):
        if field in data:
            setattr(version, field, data[field])
    version.full_clean()
    version.save()
    audit(
        "agreement.version_updated",
        actor=actor,
        obj=version,
        trajectory=version.agreement.trajectory,
    )
    return version


@transaction.atomic
def article_update(*, article: Article, actor, lock_version: int, **data: Any) -> Article:
    """Optimistic locking: the save only succeeds if nobody saved since ``lock_version``."""
    version = article.section.version
    if not Version.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("This version is frozen: start a new version to change it."))
    candidate = Article(
        section=article.section,
        order=article.order,
        lineage=article.lineage,
        **{f: data.get(f, getattr(article, f)) for f in ("number", "heading", "text")},
    )
    candidate.full_clean(exclude=["lineage"])
    updated = Article.objects.filter(pk=article.pk, lock_version=lock_version).update(
        number=candidate.number,
        heading=candidate.heading,
        text=candidate.text,
        lock_version=F("lock_version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise EditConflict(
            _(
                "Someone else saved this article after you opened it. Their text is shown now; your text is kept in the form so you can merge it."
            )
        )
    article.refresh_from_db()
    audit(
        "agreement.article_updated",
        actor=actor,
        obj=article,
        trajectory=version.agreement.trajectory,
        number=article.number,
    )
    return article


# --- review ----------------------------------------------------------------------------------


def _reviewer_side(version: Version, user) -> str:
    membership = (
        Membership.objects.select_related("party")
        .filter(
            trajectory_id=version.agreement.trajectory_id,
            user=user,
            role__in=[Role.PARTICIPANT, Role.CLIENT, Role.FACILITATOR],
        )
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Only participants can review the agreement."))
    return membership.party.side if membership.party else ""


def _check_in_review(version: Version) -> None:
    if not Version.objects.filter(pk=version.pk, status=VersionStatus.IN_REVIEW).exists():
        raise ValidationError(_("This version is not open for review."))


@transaction.atomic
def verdict_set(*, article: Article, user, verdict: str) -> ArticleVerdict:
    version = article.section.version
    _check_in_review(version)
    side = _reviewer_side(version, user)
    record, _created = ArticleVerdict.objects.update_or_create(
        article=article, user=user, defaults={"verdict": verdict, "side": side}
    )
    record.full_clean()
    return record


@transaction.atomic
def proposal_create(
    *,
    version: Version,
    user,
    kind: str,
    rationale: str,
    article: Article | None = None,
    section: Section | None = None,
    text: str = "",
    heading: str = "",
    anonymous: bool = False,
    side: str = "",
    proposer_name: str = "",
    origin: str = "",
) -> Proposal:
    """A proposal by a member (`user`), or, with `user` None, by a participant without an
    account: then `side` says whose side it comes from and `proposer_name` the name they gave."""
    _check_in_review(version)
    if user is not None:
        side = _reviewer_side(version, user)
    elif side not in Side.values:
        raise ValidationError(_("Say which side the proposal comes from."))
    if kind in (ProposalKind.AMEND, ProposalKind.DELETE):
        if article is None or article.section.version_id != version.pk:
            raise ValidationError(_("Choose an article of this version."))
        section = article.section
    if kind == ProposalKind.NEW and (section is None or section.version_id != version.pk):
        raise ValidationError(_("Choose a section of this version for the new article."))
    if kind in (ProposalKind.AMEND, ProposalKind.NEW) and not text.strip():
        raise ValidationError({"text": _("Give the proposed text.")})
    if kind == ProposalKind.AMEND and article and text.strip() == article.text.strip():
        raise ValidationError({"text": _("The proposed text is the same as the current text.")})
    proposal = Proposal(
        version=version,
        article=article if kind != ProposalKind.NEW else None,
        section=section,
        kind=kind,
        text=text.strip() if kind != ProposalKind.DELETE else "",
        heading=heading.strip(),
        rationale=rationale.strip(),
        proposed_by=user,
        proposer_name="" if anonymous else proposer_name.strip()[:80],
        origin=origin[:100],
        side=side,
        anonymous=anonymous,
    )
    proposal.full_clean()
    proposal.save()
    audit(
        "agreement.proposal_created",
        # "On behalf of my side, without my name": the log, which clients read, keeps that
        # promise too; it records the side.
        actor=None if anonymous else user,
        obj=proposal,
        trajectory=version.agreement.trajectory,
        kind=kind,
        **({"on_behalf_of_side": side} if anonymous else {}),
    )
    return proposal


@transaction.atomic
def support_toggle(*, proposal: Proposal, user) -> bool:
    _check_in_review(proposal.version)
    side = _reviewer_side(proposal.version, user)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has been decided."))
    if proposal.proposed_by_id == user.pk:
        raise ValidationError(_("You made this proposal yourself."))
    existing = Support.objects.filter(proposal=proposal, user=user).first()
    if existing:
        existing.delete()
        return False
    Support.objects.create(proposal=proposal, user=user, side=side)
    return True


@transaction.atomic
def comment_create(*, proposal: Proposal, user, text: str) -> Comment:
    _check_in_review(proposal.version)
    side = _reviewer_side(proposal.version, user)
    comment = Comment(proposal=proposal, user=user, side=side, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    actor,
    method: str,
    adopted: bool,
    reason: str,
    tally: dict[str, dict[str, int]],
) -> Proposal:
    """Record the outcome with the tally per side. A consent round cannot adopt over a block; a
    vote needs more for than against; a rejection and a facilitator decision need a reason."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("version__agreement")
        .get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has been decided already."))
    clean = {
        side: {k: int(counts.get(k, 0) or 0) for k in TALLY_KEYS} for side, counts in tally.items()
    }
    if any(v < 0 for counts in clean.values() for v in counts.values()):
        raise ValidationError(_("Counts cannot be negative."))
    total = {k: sum(c[k] for c in clean.values()) for k in TALLY_KEYS}
    if adopted and method == DecisionMethod.CONSENT and total["block"]:
        raise ValidationError(_("A consent round with a block cannot adopt the proposal."))
    if (
        adopted
        and method == DecisionMethod.VOTE
        and total["agree"] <= total["object"] + total["block"]
    ):
        raise ValidationError(_("A vote adopts a proposal only with more votes for than against."))
    if (not adopted or method == DecisionMethod.FACILITATOR) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    proposal.status = ProposalStatus.ADOPTED if adopted else ProposalStatus.REJECTED
    proposal.decision_method = method
    proposal.decision_reason = reason.strip()
    proposal.tally = clean
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.full_clean()
    proposal.save()
    audit(
        "agreement.proposal_decided",
        actor=actor,
        obj=proposal,
        trajectory=proposal.version.agreement.trajectory,
        status=proposal.status,
        method=method,
        tally=clean,
    )
    return proposal


# --- consolidation ---------------------------------------------------------------------------


@transaction.atomic
def version_consolidate(*, version: Version, actor) -> Version:
    """The next version: a draft copy of this one with every adopted proposal applied."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.status == VersionStatus.DRAFT:
        raise ValidationError(
            _("Open the version for review or adopt it before making the next version.")
        )
    if version.proposals.filter(status=ProposalStatus.OPEN).exists():
        raise ValidationError(_("Decide every open proposal first."))
    if Version.objects.filter(agreement=version.agreement, based_on=version).exists():
        raise ValidationError(_("The next version of this one exists already."))
    adopted = list(
        version.proposals.filter(status=ProposalStatus.ADOPTED).select_related("article", "section")
    )
    amend = {p.article_id: p for p in adopted if p.kind == ProposalKind.AMEND}
    delete = {p.article_id for p in adopted if p.kind == ProposalKind.DELETE}
    new_by_section: dict = {}
    for p in adopted:
        if p.kind == ProposalKind.NEW:
            new_by_section.setdefault(p.section_id, []).append(p)
    number = (
        Version.objects.filter(agreement=version.agreement).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    nxt = Version.objects.create(
        agreement=version.agreement,
        number=number,
        title=version.title,
        valid_from=version.valid_from,
        valid_until=version.valid_until,
        signatories=version.signatories,
        based_on=version,
        created_by=actor,
    )
    for section in version.sections.prefetch_related("articles"):
        copy = Section.objects.create(
            version=nxt, order=section.order, kind=section.kind, heading=section.heading
        )
        articles: list[Article] = []
        for article in section.articles.all():
            if article.pk in delete:
                continue
            proposal = amend.get(article.pk)
            articles.append(
                Article(
                    section=copy,
                    order=len(articles) + 1,
                    number=article.number,
                    heading=article.heading,
                    text=proposal.text if proposal else article.text,
                    lineage=article.lineage,
                )
            )
        for p in new_by_section.get(section.pk, []):
            articles.append(
                Article(
                    section=copy, order=len(articles) + 1, number="", heading=p.heading, text=p.text
                )
            )
        _renumber(articles)
        Article.objects.bulk_create(articles)
    audit(
        "agreement.consolidated",
        actor=actor,
        obj=nxt,
        trajectory=version.agreement.trajectory,
        based_on=version.number,
        applied=len(adopted),
    )
    return nxt


@transaction.atomic
def article_append(
    *, version: Version, actor, heading: str, text: str, section_heading: str, source: str = ""
) -> Article:
    """A new article at the end of a draft version, in the section with `section_heading`
    (made at the end when there is none): how other work (a scenario, the rules framework)
    becomes input for the agreement. `source` says where it came from, in the audit log."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.editable:
        raise ValidationError(_("Only a draft version can change. Make a new draft first."))
    if not text.strip():
        raise ValidationError({"text": _("An article needs a text.")})
    section = version.sections.filter(heading=section_heading[:300]).first()
    if section is None:
        last = version.sections.aggregate(m=Max("order"))["m"] or 0
        section = Section.objects.create(
            version=version,
            order=last + 1,
            kind=SectionKind.AGREEMENTS,
            heading=section_heading[:300],
        )
    in_section = section.articles.aggregate(m=Max("order"))["m"] or 0
    article = Article.objects.create(
        section=section,
        order=in_section + 1,
        number="0",  # numbered with the rest just below
        heading=heading.strip()[:300],
        text=text.strip()[:20000],
    )
    # Plain numbering (1, 2, 3) stays continuous in reading order: the new article takes its
    # place and those after it move up one.
    articles = list(
        Article.objects.filter(section__version=version).order_by("section__order", "order")
    )
    numbered = [a for a in articles if a.number]  # unnumbered ones (recitals) stay so
    if all(a.number.isdigit() for a in numbered):
        start = next((int(a.number) for a in numbered if a.pk != article.pk), 1)
        for offset, a in enumerate(numbered):
            a.number = str(start + offset)
        Article.objects.bulk_update(numbered, ["number"])
    else:
        article.number = ""
        article.save(update_fields=["number"])
    article.refresh_from_db()
    audit(
        "agreement.article_added",
        actor=actor,
        obj=article,
        trajectory=version.agreement.trajectory_id,
        version=version.number,
        source=source,
    )
    return article


def _renumber(articles) -> None:
    """Keep simple integer numbering continuous; leave other schemes (2.3, annexes) alone."""
    if all(a.number.isdigit() or not a.number for a in articles) and any(
        a.number for a in articles
    ):
        start = next(int(a.number) for a in articles if a.number)
        for offset, a in enumerate(articles):
            a.number = str(start + offset)
