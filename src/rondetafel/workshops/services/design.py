"""Session design (step 3): editing, reordering and removing blocks and activities, copying a
session, and sessions from the method library. What has already happened stays as it ran: a
block that has started does not move, an activity with answers is not deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .. import events
from ..constants import ActivityStatus
from ..library import METHODS
from ..models import Activity, AgendaBlock, Statement, Workshop
from .sessions import activity_add, block_add, workshop_create


def _renumber(rows, field: str = "position") -> None:
    """Positions 1..n in the given order. Two passes: the unique (workshop, position)
    constraint on blocks would trip over a swap done in place."""
    model = type(rows[0]) if rows else None
    if model is None:
        return
    for i, row in enumerate(rows, start=1):
        model.objects.filter(pk=row.pk).update(**{field: 1000 + i})
    for i, row in enumerate(rows, start=1):
        model.objects.filter(pk=row.pk).update(**{field: i})


def _moved(items: list, item, step: int) -> list:
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    target = index + step
    if not 0 <= target < len(items):
        raise ValidationError(_("It is already at that end of the agenda."))
    items[index], items[target] = items[target], items[index]
    return items


@transaction.atomic
def block_move(*, block: AgendaBlock, actor, step: int) -> None:
    Workshop.objects.select_for_update().get(pk=block.workshop_id)
    blocks = list(AgendaBlock.objects.filter(workshop_id=block.workshop_id).order_by("position"))
    block = next(b for b in blocks if b.pk == block.pk)
    order = _moved(blocks, block, step)
    neighbour = order[order.index(block) - step]
    if block.started_at or neighbour.started_at:
        raise ValidationError(
            _("A block that has started stays where it ran; move the blocks still to come.")
        )
    _renumber(order)
    events.changed(block.workshop_id)
    audit("workshop.block_moved", actor=actor, obj=block, trajectory=block.workshop.trajectory_id)


@transaction.atomic
def blocks_reorder(*, workshop: Workshop, actor, order: list) -> None:
    """The blocks still to come in a new order (dragged); blocks that have started keep their
    places, the others fill the remaining places in the given order."""
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    blocks = list(AgendaBlock.objects.filter(workshop=workshop).order_by("position"))
    movable = {str(b.pk): b for b in blocks if not b.started_at}
    if sorted(map(str, order)) != sorted(movable):
        raise ValidationError(_("The agenda changed meanwhile; reload the page and try again."))
    incoming = iter(movable[str(i)] for i in order)
    new = [b if b.started_at else next(incoming) for b in blocks]
    _renumber(new)
    events.changed(workshop.pk)
    audit("workshop.agenda_reordered", actor=actor, obj=workshop, trajectory=workshop.trajectory_id)


@transaction.atomic
def block_update(*, block: AgendaBlock, actor, title: str, goal: str, minutes: int) -> AgendaBlock:
    block = AgendaBlock.objects.select_for_update().get(pk=block.pk)
    block.title, block.goal, block.minutes = title.strip(), goal.strip(), minutes
    block.full_clean()
    block.save(update_fields=["title", "goal", "minutes", "updated_at"])
    events.changed(block.workshop_id)
    audit("workshop.block_updated", actor=actor, obj=block, trajectory=block.workshop.trajectory_id)
    return block


@transaction.atomic
def block_remove(*, block: AgendaBlock, actor) -> None:
    """A block still to come is removed; its activities stay in the session (outside any
    block). A block that has started is kept: it is part of what happened."""
    block = AgendaBlock.objects.select_for_update().get(pk=block.pk)
    if block.started_at:
        raise ValidationError(_("This block has started: it stays on the agenda as it ran."))
    workshop_id, trajectory_id = block.workshop_id, block.workshop.trajectory_id
    Activity.objects.filter(block=block).update(block=None)
    audit(
        "workshop.block_removed",
        actor=actor,
        obj=block,
        trajectory=trajectory_id,
        title=block.title,
    )
    block.delete()
    _renumber(list(AgendaBlock.objects.filter(workshop_id=workshop_id).order_by("position")))
    events.changed(workshop_id)


@transaction.atomic
def activity_move(*, activity: Activity, actor, step: int = 0, block=None, to_block: bool = False):
    """Up or down in the session's order (`step`), or into another block (`to_block`, with
    `block` None for outside any block)."""
    Workshop.objects.select_for_update().get(pk=activity.workshop_id)
    activity = Activity.objects.get(pk=activity.pk)
    if to_block:
        if block is not None and block.workshop_id != activity.workshop_id:
            raise ValidationError(_("That block belongs to another session."))
        Activity.objects.filter(pk=activity.pk).update(block=block)
    else:
        order = _moved(
            list(
                Activity.objects.filter(workshop_id=activity.workshop_id).order_by(
                    "position", "created_at"
                )
            ),
            activity,
            step,
        )
        _renumber(order)
    events.changed(activity.workshop_id)
    audit(
        "workshop.activity_moved",
        actor=actor,
        obj=activity,
        trajectory=activity.workshop.trajectory_id,
    )


@transaction.atomic
def activities_reorder(*, workshop: Workshop, actor, order: list) -> None:
    """The activities in a new order (dragged); which block each is in does not change."""
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    activities = {str(a.pk): a for a in Activity.objects.filter(workshop=workshop)}
    if sorted(map(str, order)) != sorted(activities):
        raise ValidationError(_("The agenda changed meanwhile; reload the page and try again."))
    _renumber([activities[str(i)] for i in order])
    events.changed(workshop.pk)
    audit(
        "workshop.activities_reordered",
        actor=actor,
        obj=workshop,
        trajectory=workshop.trajectory_id,
    )


@transaction.atomic
def activity_update(*, activity: Activity, actor, title: str) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.title = title.strip()
    activity.full_clean()
    activity.save(update_fields=["title", "updated_at"])
    events.changed(activity.workshop_id)
    audit(
        "workshop.activity_renamed",
        actor=actor,
        obj=activity,
        trajectory=activity.workshop.trajectory_id,
    )
    return activity


@transaction.atomic
def activity_remove(*, activity: Activity, actor) -> None:
    """An activity without answers is removed. One with answers is refused: answers are never
    thrown away; close it instead (its answers stay in the report)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.responses.exists() or activity.statements.filter(author__isnull=False).exists():
        raise ValidationError(
            _("“%(title)s” has answers: it is not removed. Close it instead; its answers are kept.")
            % {"title": activity.title}
        )
    if activity.status == ActivityStatus.OPEN:
        raise ValidationError(_("Close the activity before removing it."))
    workshop_id, trajectory_id = activity.workshop_id, activity.workshop.trajectory_id
    audit(
        "workshop.activity_removed",
        actor=actor,
        obj=activity,
        trajectory=trajectory_id,
        title=activity.title,
    )
    activity.delete()
    events.changed(workshop_id)


@transaction.atomic
def workshop_duplicate(*, workshop: Workshop, actor, title: str = "", starts_at=None) -> Workshop:
    """A new planned session with the same agenda and activities (and their own statements),
    without its participants, answers or groups."""
    copy = workshop_create(
        trajectory=workshop.trajectory,
        actor=actor,
        title=title.strip() or _("%(title)s (copy)") % {"title": workshop.title},
        starts_at=starts_at,
        under_heard_ratio=workshop.under_heard_ratio,
    )
    blocks = {}
    for block in workshop.blocks.order_by("position"):
        blocks[block.pk] = block_add(
            workshop=copy,
            actor=actor,
            kind=block.kind,
            title=block.title,
            goal=block.goal,
            minutes=block.minutes,
        )
    for activity in workshop.activities.order_by("position"):
        new = Activity.objects.create(
            workshop=copy,
            block=blocks.get(activity.block_id),
            position=activity.position,
            kind=activity.kind,
            title=activity.title,
            config={**activity.config, **({"current": 0} if "current" in activity.config else {})},
        )
        Statement.objects.bulk_create(
            Statement(activity=new, text=s.text)
            for s in activity.statements.filter(author__isnull=True)
        )
    audit(
        "workshop.duplicated",
        actor=actor,
        obj=copy,
        trajectory=copy.trajectory_id,
        source=str(workshop.pk),
    )
    return copy


@transaction.atomic
def workshop_from_method(
    *, trajectory, actor, method: str, title: str = "", starts_at=None
) -> Workshop:
    """A session from the method library: its blocks with their goals and timings, and the
    activities that need nothing from elsewhere (others are named in the block's goal)."""
    if method not in METHODS:
        raise ValidationError({"method": _("Choose a method from the library.")})
    recipe = METHODS[method]
    workshop = workshop_create(
        trajectory=trajectory,
        actor=actor,
        title=title.strip() or str(recipe.title),
        starts_at=starts_at,
    )
    for part in recipe.blocks:
        block = block_add(
            workshop=workshop,
            actor=actor,
            kind=part.kind,
            title=str(part.title),
            goal=str(part.goal),
            minutes=part.minutes,
        )
        for kind, activity_title, options in part.activities:
            activity_add(
                workshop=workshop,
                actor=actor,
                kind=kind,
                title=str(activity_title),
                options_text=str(options),
                block=block,
            )
    audit(
        "workshop.from_method", actor=actor, obj=workshop, trajectory=trajectory.pk, method=method
    )
    return workshop
