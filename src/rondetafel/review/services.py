"""Reviewing an agreement in a live session: a sub-session round whose groups are the sections
of a version, proposals made from phones (by people without an account too), and the plenary
consent round whose result, counted per side, decides each proposal."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rondetafel.agreements import services as agreements
from rondetafel.agreements.constants import ProposalStatus, VersionStatus
from rondetafel.agreements.models import Article, Proposal, Section, Version
from rondetafel.trajectories.audit import audit
from rondetafel.workshops import services as sessions
from rondetafel.workshops.activities.consent import CONSENT_ANSWERS
from rondetafel.workshops.constants import BlockKind
from rondetafel.workshops.models import Activity, AgendaBlock, Participant, Response
from rondetafel.workshops.selectors import my_group

from .constants import CONSENT_KIND, REVIEW_KIND
from .models import GroupReport, SectionGroup


def _reviewable(version: Version) -> Version:
    version.refresh_from_db(fields=["status"])  # its state now, not when it was read
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(
            _("Open this version for review first: only a version in review takes proposals.")
        )
    return version


def sections_to_review(version: Version) -> list[Section]:
    return [s for s in version.sections.prefetch_related("articles") if s.articles.all()]


@transaction.atomic
def round_from_version(*, block: AgendaBlock, version: Version, actor) -> Activity:
    """One group per section of the version (balanced by side when assigned, as any round),
    and the review activity in the round."""
    if block.kind != BlockKind.SUBSESSIONS:
        raise ValidationError(_("Choose a sub-session round for the groups."))
    if version.agreement.trajectory_id != block.workshop.trajectory_id:
        raise ValidationError(_("This agreement belongs to another trajectory."))
    _reviewable(version)
    sections = sections_to_review(version)
    if not 2 <= len(sections) <= 20:
        raise ValidationError(
            _("A round needs 2 to 20 sections with articles; this version has %(n)d.")
            % {"n": len(sections)}
        )
    groups = sessions.subgroups_define(
        block=block, actor=actor, topics_text="\n".join(s.heading[:200] for s in sections)
    )
    SectionGroup.objects.bulk_create(
        SectionGroup(subgroup=group, section=section, heading=section.heading)
        for group, section in zip(groups, sections, strict=True)
    )
    activity = sessions.activity_add(
        workshop=block.workshop,
        actor=actor,
        kind=REVIEW_KIND,
        title=_("Review: %(title)s") % {"title": version.title},
        options_text=str(version.pk),
        block=block,
    )
    audit(
        "review.round_formed",
        actor=actor,
        obj=activity,
        trajectory=block.workshop.trajectory_id,
        groups=len(groups),
    )
    return activity


def section_of(*, activity: Activity, participant: Participant) -> SectionGroup | None:
    """The section the participant's group reviews in this activity's round, if any."""
    group = my_group(workshop=activity.workshop, participant=participant)
    if group is None or group.block_id != activity.block_id:
        return None
    return SectionGroup.objects.filter(subgroup=group).select_related("section", "subgroup").first()


@transaction.atomic
def phone_proposal(
    *,
    activity: Activity,
    participant: Participant,
    kind: str,
    rationale: str,
    article_id=None,
    text: str = "",
    heading: str = "",
    on_behalf_of_side: bool = False,
) -> Proposal:
    """A proposal from a phone: on an article of the group's own section (or a new article in
    it), attributed to the participant's side and, unless they propose on behalf of their side,
    the name they gave. Works without an account."""
    activity = Activity.objects.select_related("workshop").get(pk=activity.pk)  # its state now
    from .activity import ArticleReview

    if not isinstance(activity.type, ArticleReview) or activity.status != "open":
        raise ValidationError(_("The review round is not open."))
    version = Version.objects.get(pk=activity.config["version"])
    _reviewable(version)
    mine = section_of(activity=activity, participant=participant)
    if mine is None or mine.section is None:
        raise ValidationError(_("Your group has no section of the agreement to review."))
    article = None
    if article_id:
        article = Article.objects.filter(pk=article_id, section=mine.section).first()
        if article is None:
            raise ValidationError(_("Choose an article of your group's section."))
    return agreements.proposal_create(
        version=version,
        user=participant.user,
        side=participant.side,
        proposer_name=participant.display_name,
        origin=f"participant:{participant.pk}",
        kind=kind,
        rationale=rationale,
        article=article,
        section=mine.section,
        text=text,
        heading=heading,
        anonymous=on_behalf_of_side,
    )


@transaction.atomic
def verdict_by_host(
    *, activity: Activity, host: Participant, member: Participant, article_id, verdict: str
) -> None:
    """The host enters the verdict of a member of their group who has no phone with them."""
    group = my_group(workshop=activity.workshop, participant=host)
    if group is None or group.host_id != host.pk:
        raise ValidationError(_("Only the host of a group can do this."))
    if my_group(workshop=activity.workshop, participant=member) != group:
        raise ValidationError(_("This person is not in your group."))
    sessions.respond(
        activity=activity, participant=member, item=str(article_id), value={"verdict": verdict}
    )


@transaction.atomic
def group_report_save(*, activity: Activity, host: Participant, notes: str, outcome: str):
    group = my_group(workshop=activity.workshop, participant=host)
    if group is None or group.host_id != host.pk:
        raise ValidationError(_("Only the host of a group can do this."))
    report, _created = GroupReport.objects.update_or_create(
        subgroup=group, defaults={"notes": notes.strip()[:5000], "outcome": outcome.strip()[:3000]}
    )
    return report


# --- the plenary -----------------------------------------------------------------------------


def queue(version: Version) -> list[Proposal]:
    """What is still to decide, section by section, article by article."""
    return list(
        Proposal.objects.filter(version=version, status=ProposalStatus.OPEN)
        .select_related("article", "section")
        .order_by("section__order", "article__order", "created_at")
    )


@transaction.atomic
def consent_start(*, workshop, version: Version, actor, block=None) -> Activity:
    if version.agreement.trajectory_id != workshop.trajectory_id:
        raise ValidationError(_("This agreement belongs to another trajectory."))
    _reviewable(version)
    return sessions.activity_add(
        workshop=workshop,
        actor=actor,
        kind=CONSENT_KIND,
        title=_("Consent on the proposals: %(title)s") % {"title": version.title},
        options_text=str(version.pk),
        block=block,
    )


def tally(activity: Activity, proposal_id) -> dict[str, dict[str, int]]:
    """Consent answers on one proposal, counted per side."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for side, value in Response.objects.filter(
        activity=activity, item=str(proposal_id)
    ).values_list("participant__side", "value"):
        counts[side or ""][value.get("answer", "")] += 1
    return {side: dict(c) for side, c in counts.items()}


@transaction.atomic
def consent_decide(*, activity: Activity, actor) -> Proposal:
    """The room's consent on the current proposal becomes its decision, with the tally per
    side and the objections and blocks with their reasons. A block blocks."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    ids = activity.config.get("proposals", [])
    index = activity.config.get("current", 0)
    if not 0 <= index < len(ids):
        raise ValidationError(_("There is no proposal left to decide in this round."))
    proposal = Proposal.objects.select_related("version__agreement").get(pk=ids[index])
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has been decided already."))
    counts = tally(activity, proposal.pk)
    if not counts:
        raise ValidationError(_("Nobody has answered yet: wait for the room."))
    # Each reason once, with how many gave it and how ("Block (1), object (3): ...").
    given: dict[str, Counter] = defaultdict(Counter)
    for value in Response.objects.filter(activity=activity, item=str(proposal.pk)).values_list(
        "value", flat=True
    ):
        if value.get("reason"):
            given[value["reason"]][value.get("answer", "")] += 1
    reasons = [
        ", ".join(
            f"{str(CONSENT_ANSWERS.get(answer, answer)).lower()} ({n})"
            for answer, n in answers.most_common()
        )
        + f": {reason}"
        for reason, answers in given.items()
    ]
    blocked = any(c.get("block") for c in counts.values())
    reason = (_("Blocked in the consent round. ") if blocked else "") + " · ".join(reasons)
    decided = agreements.proposal_decide(
        proposal=proposal,
        actor=actor,
        method="consent",
        adopted=not blocked,
        reason=reason[:5000],
        tally=counts,
    )
    _move(activity, ids, index)
    return decided


def _move(activity: Activity, ids: list, index: int) -> None:
    """On to the next proposal still open (others may have been decided elsewhere)."""
    still_open = set(
        str(pk)
        for pk in Proposal.objects.filter(pk__in=ids, status=ProposalStatus.OPEN).values_list(
            "pk", flat=True
        )
    )
    following = next((i for i in range(index + 1, len(ids)) if ids[i] in still_open), len(ids))
    activity.config = {**activity.config, "current": following}
    activity.save(update_fields=["config", "updated_at"])
    from rondetafel.workshops import events

    events.changed(activity.workshop_id)
