"""Writes for step 5: the decision log, commitments and their history, bodies, meetings and
their minutes, and the mail the worker sends. Each write is audited in the trajectory's trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit
from rondetafel.trajectories.decisions import DecisionDraft
from rondetafel.trajectories.models import Membership, Party

from . import recurrence
from .constants import CommitmentStatus, MinutesStatus
from .models import (
    Body,
    Commitment,
    CommitmentEvent,
    Decision,
    Meeting,
    MeetingSeries,
    OutgoingMail,
)

# --- the decision log ------------------------------------------------------------------------


def decision_from_source(draft: DecisionDraft) -> Decision | None:
    """Log a decision another app's event describes; the same source twice is logged once.
    Runs inside the source's transaction (the audit signal), so both commit or neither."""
    if Decision.objects.filter(
        trajectory_id=draft.trajectory_id, source_key=draft.source_key
    ).exists():
        return None
    decision = Decision(
        trajectory_id=draft.trajectory_id,
        title=draft.title[:500],
        decided_by=draft.decided_by[:300],
        decided_on=draft.decided_on,
        basis=draft.basis[:5000],
        consequences=draft.consequences[:5000],
        source_key=draft.source_key[:200],
        source_label=str(draft.source_label)[:300],
        source_url=draft.source_url,
        contributor_ids=[str(c) for c in draft.contributor_ids],
    )
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not undo the source's change
            decision.save()
    except IntegrityError:
        return None
    return decision


@transaction.atomic
def decision_create(*, trajectory, actor, meeting: Meeting | None = None, **data: Any) -> Decision:
    """A decision written into the log by hand (or from approved minutes)."""
    decision = Decision(trajectory=trajectory, meeting=meeting, **_decision_fields(data))
    decision.full_clean()
    decision.save()
    audit("governance.decision_logged", actor=actor, obj=decision, trajectory=trajectory)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, actor, **data: Any) -> Decision:
    """Edit what a person may edit: the wording, what follows from it, and the review date."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    fields = _decision_fields(data)
    if decision.source_key:  # what the source recorded stays as the source recorded it
        fields = {k: v for k, v in fields.items() if k in ("consequences", "review_on")}
    for name, value in fields.items():
        setattr(decision, name, value)
    if "review_on" in fields:
        decision.review_reminded_on = None  # a new review date gets its own reminder
    decision.full_clean()
    decision.save()
    audit(
        "governance.decision_updated",
        actor=actor,
        obj=decision,
        trajectory=decision.trajectory_id,
        fields=sorted(fields),
    )
    return decision


def _decision_fields(data: dict) -> dict:
    allowed = ("title", "decided_by", "decided_on", "basis", "consequences", "review_on")
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in allowed}


# --- commitments -----------------------------------------------------------------------------


def _owner(trajectory, owner: Membership | None, owner_party: Party | None):
    if owner is None and owner_party is None:
        raise ValidationError({"owner": _("Give the commitment an owner: a person or a party.")})
    if owner is not None and owner.trajectory_id != trajectory.pk:
        raise ValidationError({"owner": _("This person is not part of this trajectory.")})
    if owner_party is not None and owner_party.trajectory_id != trajectory.pk:
        raise ValidationError({"owner_party": _("This party is not part of this trajectory.")})
    if owner is not None:
        return str(owner.user.full_name or owner.user.email)
    return str(getattr(owner_party, "name", ""))  # one of the two is set: checked above


def commitment_problems(
    *, trajectory, due_on, owner, owner_party, today: datetime.date | None = None
) -> dict[str, list]:
    """What is wrong with a new commitment, per field (empty when nothing): the form shows it
    all at once, the service refuses on it."""
    today = today or timezone.localdate()
    errors: dict[str, list] = {}
    if due_on is None:
        errors["due_on"] = [_("Give the date it is due.")]
    elif due_on < today:
        errors["due_on"] = [_("The due date has passed; choose today or later.")]
    try:
        _owner(trajectory, owner, owner_party)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors


@transaction.atomic
def commitment_create(
    *,
    trajectory,
    actor,
    description: str,
    due_on: datetime.date | None,
    owner: Membership | None = None,
    owner_party: Party | None = None,
    decision: Decision | None = None,
    article=None,
    source_label: str = "",
    today: datetime.date | None = None,
) -> Commitment:
    errors = commitment_problems(
        trajectory=trajectory, due_on=due_on, owner=owner, owner_party=owner_party, today=today
    )
    if decision is not None and decision.trajectory_id != trajectory.pk:
        errors["decision"] = [_("This decision belongs to another trajectory.")]
    if article is not None and article.section.version.agreement.trajectory_id != trajectory.pk:
        errors["article"] = [_("This article belongs to another trajectory.")]
    if errors:  # every problem at once, so the form shows them together
        raise ValidationError(errors)
    commitment = Commitment(
        trajectory=trajectory,
        description=description.strip(),
        owner=owner,
        owner_party=owner_party,
        owner_label=_owner(trajectory, owner, owner_party),
        due_on=due_on,
        decision=decision,
        article=article,
        source_label=source_label.strip() or (str(article) if article is not None else ""),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    commitment.full_clean()
    commitment.save()
    CommitmentEvent.objects.create(
        commitment=commitment,
        actor=commitment.created_by,
        to_status=commitment.status,
        note=_("Given to %(owner)s") % {"owner": commitment.owner_label},
    )
    audit("governance.commitment_created", actor=actor, obj=commitment, trajectory=trajectory)
    return commitment


@transaction.atomic
def commitment_progress(
    *, commitment: Commitment, actor, status: str, note: str = "", evidence: str = ""
) -> Commitment:
    """Move a commitment on. Done needs evidence; every change is in its history, and everyone
    who contributed to its source hears of it."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    evidence = evidence.strip() or commitment.evidence
    if status == CommitmentStatus.DONE and not evidence:
        raise ValidationError({"evidence": _("Say what shows it is done: the evidence.")})
    if status == CommitmentStatus.DROPPED and not note.strip():
        raise ValidationError({"note": _("Say why the commitment is dropped.")})
    before = commitment.status
    if before == status and evidence == commitment.evidence and not note.strip():
        return commitment
    commitment.status = status
    commitment.evidence = evidence
    commitment.full_clean()
    commitment.save()
    CommitmentEvent.objects.create(
        commitment=commitment,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=before,
        to_status=status,
        note=note.strip(),
    )
    audit(
        "governance.commitment_progressed",
        actor=actor,
        obj=commitment,
        trajectory=commitment.trajectory_id,
        status=status,
    )
    _notify_contributors(commitment, actor, before)
    return commitment


@transaction.atomic
def commitment_reassign(
    *, commitment: Commitment, actor, owner: Membership | None, owner_party: Party | None
) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update().select_related("trajectory").get(pk=commitment.pk)
    )
    label = _owner(commitment.trajectory, owner, owner_party)
    previous = commitment.owner_label
    commitment.owner, commitment.owner_party, commitment.owner_label = owner, owner_party, label
    commitment.reminded_on = None
    commitment.full_clean()
    commitment.save()
    CommitmentEvent.objects.create(
        commitment=commitment,
        actor=actor,
        from_status=commitment.status,
        to_status=commitment.status,
        note=_("Reassigned from %(old)s to %(new)s") % {"old": previous, "new": label},
    )
    audit(
        "governance.commitment_reassigned",
        actor=actor,
        obj=commitment,
        trajectory=commitment.trajectory_id,
        owner=label,
    )
    return commitment


def _notify_contributors(commitment: Commitment, actor, before: str) -> None:
    from django.contrib.auth import get_user_model

    ids = set(commitment.decision.contributor_ids) if commitment.decision_id else set()
    if commitment.created_by_id:
        ids.add(str(commitment.created_by_id))
    if commitment.owner_id:
        ids.add(str(commitment.owner.user_id))
    if getattr(actor, "pk", None):
        ids.discard(str(actor.pk))  # the one who changed it knows
    users = get_user_model().objects.filter(pk__in=ids, is_active=True)
    url = _absolute(
        reverse("governance:commitment", args=[commitment.trajectory_id, commitment.pk])
    )
    for user in users:
        mail_queue(
            trajectory_id=commitment.trajectory_id,
            user=user,
            kind="progress",
            subject_template="governance/mail/progress_subject.txt",
            body_template="governance/mail/progress.txt",
            context={"commitment": commitment, "before": before, "url": url},
        )


# --- bodies and meetings ---------------------------------------------------------------------


@transaction.atomic
def body_create(
    *, trajectory, actor, name: str, mandate: str = "", members: list[Membership] | None = None
) -> Body:
    body = Body(trajectory=trajectory, name=name.strip(), mandate=mandate.strip())
    body.full_clean()
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError:
        raise ValidationError({"name": _("There is already a body with this name.")}) from None
    members = list(members or [])
    if any(m.trajectory_id != trajectory.pk for m in members):
        raise ValidationError({"members": _("Members must be part of this trajectory.")})
    body.members.set(members)
    audit("governance.body_created", actor=actor, obj=body, trajectory=trajectory)
    return body


@transaction.atomic
def meeting_series_create(
    *,
    body: Body,
    actor,
    frequency: str,
    interval: int,
    count: int,
    first_starts_at: datetime.datetime,
    duration_minutes: int = 90,
    location: str = "",
) -> MeetingSeries:
    """A recurring cadence: its meetings are created at once, so each can have an agenda,
    minutes and a place in the calendar feed."""
    starts = recurrence.occurrences(
        frequency=frequency, interval=interval, count=count, first=first_starts_at
    )
    series = MeetingSeries(
        body=body,
        frequency=frequency,
        interval=interval,
        count=count,
        first_starts_at=first_starts_at,
    )
    series.full_clean()
    series.save()
    Meeting.objects.bulk_create(
        Meeting(
            body=body,
            series=series,
            starts_at=start,
            duration_minutes=duration_minutes,
            location=location.strip(),
        )
        for start in starts
    )
    audit(
        "governance.series_created",
        actor=actor,
        obj=series,
        trajectory=body.trajectory_id,
        meetings=len(starts),
    )
    return series


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    actor,
    starts_at: datetime.datetime,
    duration_minutes: int = 90,
    location: str = "",
) -> Meeting:
    meeting = Meeting(
        body=body, starts_at=starts_at, duration_minutes=duration_minutes, location=location
    )
    meeting.full_clean()
    meeting.save()
    audit("governance.meeting_created", actor=actor, obj=meeting, trajectory=body.trajectory_id)
    return meeting


@transaction.atomic
def minutes_save(*, meeting: Meeting, actor, minutes: str, decisions: str) -> Meeting:
    """Write the minutes: the first save is the draft, later saves amend it. Approved minutes
    are final."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes have been approved; they can no longer change."))
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before saving them.")})
    meeting.minutes = minutes.strip()
    meeting.minutes_decisions = decisions.strip()
    meeting.minutes_status = (
        MinutesStatus.DRAFT
        if meeting.minutes_status == MinutesStatus.NONE
        else MinutesStatus.AMENDED
    )
    meeting.full_clean()
    meeting.save()
    audit(
        "governance.minutes_saved",
        actor=actor,
        obj=meeting,
        trajectory=meeting.body.trajectory_id,
        status=meeting.minutes_status,
    )
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor) -> list[Decision]:
    """The body approves its minutes: each decision they record enters the log."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes have been approved already."))
    if meeting.minutes_status == MinutesStatus.NONE:
        raise ValidationError(_("There are no minutes to approve yet."))
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "approved_at", "updated_at"])
    decisions = [
        decision_create(
            trajectory=meeting.body.trajectory,
            actor=actor,
            meeting=meeting,
            title=line.strip(),
            decided_by=meeting.body.name,
            decided_on=timezone.localtime(meeting.starts_at).date(),
            basis=_("Approved minutes of the meeting of %(date)s")
            % {"date": timezone.localtime(meeting.starts_at).date().isoformat()},
        )
        for line in meeting.minutes_decisions.splitlines()
        if line.strip()
    ]
    audit(
        "governance.minutes_approved",
        actor=actor,
        obj=meeting,
        trajectory=meeting.body.trajectory_id,
        decisions=len(decisions),
    )
    return decisions


# --- mail ------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_queue(
    *,
    trajectory_id,
    user,
    kind: str,
    subject_template: str,
    body_template: str,
    context: dict,
) -> OutgoingMail | None:
    """Keep a mail to send; the worker delivers it after commit. Written in the site's first
    language: people have no language of their own yet."""
    if not user.email:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "user": user}
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    mail = OutgoingMail.objects.create(
        trajectory_id=trajectory_id, to=user.email, subject=subject[:300], body=body, kind=kind
    )
    from .tasks import deliver_mail

    transaction.on_commit(lambda: deliver_mail.enqueue(str(mail.pk)))
    return mail
