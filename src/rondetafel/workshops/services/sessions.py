"""The facilitator's writes for a session: creating it, its status, its agenda, its activities
(added, opened, closed, results shown, outcomes recorded). Every change a phone or a screen
should see goes through `events.changed` in the same transaction."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .. import events
from ..activities import activity_types
from ..constants import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    ActivityStatus,
    BlockKind,
    WorkshopStatus,
)
from ..models import (
    Activity,
    AgendaBlock,
    Statement,
    Workshop,
)


def new_join_code() -> str:
    for _attempt in range(20):
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Workshop.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("no free join code")


@transaction.atomic
def workshop_create(
    *, trajectory, actor, title: str, starts_at=None, under_heard_ratio: float = 0.6
) -> Workshop:
    if not 0.1 <= under_heard_ratio <= 1.0:
        raise ValidationError({"under_heard_ratio": _("Choose a value from 0.1 to 1.")})
    workshop = Workshop(
        trajectory=trajectory,
        title=title.strip(),
        starts_at=starts_at,
        join_code=new_join_code(),
        under_heard_ratio=under_heard_ratio,
    )
    workshop.full_clean()
    workshop.save()
    audit(
        "workshop.created",
        actor=actor,
        obj=workshop,
        trajectory=workshop.trajectory_id,
        title=workshop.title,
    )
    return workshop


# A session is planned, then open (live), then closed; a closed session can be reopened.
STATUS_TRANSITIONS = {
    WorkshopStatus.PLANNED: {WorkshopStatus.LIVE},
    WorkshopStatus.LIVE: {WorkshopStatus.CLOSED},
    WorkshopStatus.CLOSED: {WorkshopStatus.LIVE},
}


@transaction.atomic
def workshop_set_status(*, workshop: Workshop, actor, status: str) -> Workshop:
    """Open, close or reopen a session. Closing ends what is running (open activities close,
    the running agenda block ends), so phones, the screen and the join page all say it ended."""
    if status not in WorkshopStatus.values:
        raise ValidationError(_("Unknown status."))
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if status == workshop.status:
        return workshop
    if status not in STATUS_TRANSITIONS[workshop.status]:
        raise ValidationError(
            _("A session that is %(now)s cannot become %(new)s.")
            % {
                "now": WorkshopStatus(workshop.status).label.lower(),
                "new": WorkshopStatus(status).label.lower(),
            }
        )
    if status == WorkshopStatus.CLOSED:
        workshop.activities.filter(status=ActivityStatus.OPEN).update(
            status=ActivityStatus.CLOSED, updated_at=timezone.now()
        )
        workshop.blocks.filter(started_at__isnull=False, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
    workshop.status = status
    workshop.closed_at = timezone.now() if status == WorkshopStatus.CLOSED else None
    workshop.save(update_fields=["status", "closed_at", "updated_at"])
    events.changed(workshop.pk)
    audit(
        "workshop.status",
        actor=actor,
        obj=workshop,
        trajectory=workshop.trajectory_id,
        status=status,
    )
    return workshop


@transaction.atomic
def block_add(
    *, workshop: Workshop, actor, kind: str, title: str, goal: str = "", minutes: int = 15
):
    if kind not in BlockKind.values:
        raise ValidationError({"kind": _("Choose a kind of block.")})
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    last = workshop.blocks.aggregate(m=Max("position"))["m"] or 0
    block = AgendaBlock(
        workshop=workshop, position=last + 1, kind=kind, title=title, goal=goal, minutes=minutes
    )
    block.full_clean()
    block.save()
    events.changed(workshop.pk)
    audit(
        "workshop.block_added",
        actor=actor,
        obj=block,
        trajectory=workshop.trajectory_id,
        title=title,
    )
    return block


@transaction.atomic
def activity_add(
    *, workshop: Workshop, actor, kind: str, title: str, options_text: str = "", block=None
) -> Activity:
    if kind not in activity_types:
        raise ValidationError({"kind": _("Choose a kind of activity.")})
    try:
        config = activity_types[kind].configure(options_text or "")
    except ValidationError as exc:
        raise ValidationError({"options": exc.messages}) from exc
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    last = workshop.activities.aggregate(m=Max("position"))["m"] or 0
    activity = Activity(
        workshop=workshop, block=block, kind=kind, title=title, config=config, position=last + 1
    )
    activity.full_clean()
    activity.save()
    for text in activity_types[kind].initial_items(options_text or ""):
        Statement.objects.create(activity=activity, text=text)
    events.changed(workshop.pk)
    audit(
        "workshop.activity_added",
        actor=actor,
        obj=activity,
        trajectory=workshop.trajectory_id,
        kind=kind,
    )
    return activity


@transaction.atomic
def activity_set_status(*, activity: Activity, actor, status: str) -> Activity:
    if status not in ActivityStatus.values:
        raise ValidationError(_("Unknown status."))
    workshop = Workshop.objects.select_for_update().get(pk=activity.workshop_id)
    if status == ActivityStatus.OPEN and workshop.status == WorkshopStatus.CLOSED:
        raise ValidationError(_("This session is closed. Reopen it to start an activity."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.status = status
    activity.save(update_fields=["status", "updated_at"])
    if status == ActivityStatus.OPEN:
        workshop.current_activity = activity
        if workshop.status == WorkshopStatus.PLANNED:
            workshop.status = WorkshopStatus.LIVE
        workshop.save(update_fields=["current_activity", "status", "updated_at"])
        block = activity.block
        if block is not None and (block.started_at is None or block.ended_at is not None):
            block_start(block=block, actor=actor)  # the agenda follows the activity
    events.changed(workshop.pk)
    audit(
        "workshop.activity_status",
        actor=actor,
        obj=activity,
        trajectory=workshop.trajectory_id,
        status=status,
    )
    return activity


def activity_advance(*, workshop: Workshop, actor, step: int = 1) -> Activity | None:
    """The presenter's "next" (step 1) and "previous" (step -1): close the running activity and
    open its neighbour in the agenda's order. At either end nothing changes (None)."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        activities = list(workshop.activities.order_by("position", "created_at"))
        if not activities:
            raise ValidationError(_("This session has no activities yet."))
        current = workshop.current_activity_id
        index = next((i for i, a in enumerate(activities) if a.pk == current), None)
        if index is None:
            target = 0 if step > 0 else None
        else:
            target = index + step if 0 <= index + step < len(activities) else None
        if target is None:
            return None
        if index is not None and activities[index].status == ActivityStatus.OPEN:
            activity_set_status(
                activity=activities[index], actor=actor, status=ActivityStatus.CLOSED
            )
        return activity_set_status(
            activity=activities[target], actor=actor, status=ActivityStatus.OPEN
        )


@transaction.atomic
def activity_show_results(*, activity: Activity, actor, visible: bool) -> Activity:
    Activity.objects.filter(pk=activity.pk).update(results_visible=visible)
    activity.results_visible = visible
    events.changed(activity.workshop_id)
    return activity


@transaction.atomic
def activity_record_outcome(*, activity: Activity, actor, outcome: str) -> Activity:
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("Describe the outcome.")})
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.outcome = outcome[:2000]
    activity.save(update_fields=["outcome", "updated_at"])
    events.changed(activity.workshop_id)
    audit(
        "workshop.outcome_recorded",
        actor=actor,
        obj=activity,
        trajectory=activity.workshop.trajectory_id,
        outcome=activity.outcome,
    )
    return activity


def block_end(*, block: AgendaBlock, actor) -> AgendaBlock:
    with transaction.atomic():
        block = AgendaBlock.objects.select_for_update().get(pk=block.pk)
        if block.started_at is None:
            raise ValidationError(_("This block has not started."))
        block.ended_at = timezone.now()
        block.save(update_fields=["ended_at", "updated_at"])
        events.changed(block.workshop_id)
        audit(
            "workshop.block_ended", actor=actor, obj=block, trajectory=block.workshop.trajectory_id
        )
    return block


def block_start(*, block: AgendaBlock, actor) -> AgendaBlock:
    """Start a block (the agenda moves on): the running block, if any, ends now."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=block.workshop_id)
        if workshop.status == WorkshopStatus.CLOSED:
            raise ValidationError(_("This session is closed. Reopen it to start a block."))
        if workshop.status == WorkshopStatus.PLANNED:
            workshop.status = WorkshopStatus.LIVE
            workshop.save(update_fields=["status", "updated_at"])
        now = timezone.now()
        AgendaBlock.objects.filter(
            workshop=block.workshop, started_at__isnull=False, ended_at__isnull=True
        ).exclude(pk=block.pk).update(ended_at=now)
        block.started_at, block.ended_at = now, None
        block.save(update_fields=["started_at", "ended_at", "updated_at"])
        events.changed(block.workshop_id)
        audit(
            "workshop.block_started",
            actor=actor,
            obj=block,
            trajectory=block.workshop.trajectory_id,
        )
    return block


def activity_command(*, activity: Activity, actor, command: str, data) -> None:
    """A console command: the ones every activity has (open, close, show or hide the results,
    record the outcome), else the ones its type knows."""
    if command in (ActivityStatus.OPEN, ActivityStatus.CLOSED):
        activity_set_status(activity=activity, actor=actor, status=command)
    elif command in ("show", "hide"):
        activity_show_results(activity=activity, actor=actor, visible=command == "show")
    elif command == "outcome":
        activity_record_outcome(activity=activity, actor=actor, outcome=data.get("outcome", ""))
    elif not activity.type.command(activity, actor, command, data):
        raise ValidationError(_("Unknown command."))


def activity_refresh_analysis(activity: Activity) -> None:
    """Bring what the activity's type derives from its answers (statement voting's opinion
    landscape) up to date now, rather than after the next commit: for imports and the demo,
    whose answers were stored in one go."""
    activity.type.answers_changed(activity.pk)
