"""Sub-session rounds: topics, wishes, balanced groups, hosts and publication."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .. import events
from ..constants import (
    BlockKind,
)
from ..models import (
    AgendaBlock,
    GroupMember,
    GroupPreference,
    PairRule,
    Participant,
    SubGroup,
)


def _round(block: AgendaBlock) -> AgendaBlock:
    if block.kind != BlockKind.SUBSESSIONS:
        raise ValidationError(_("Groups belong to a sub-session round."))
    return block


@transaction.atomic
def subgroups_define(*, block: AgendaBlock, actor, topics_text: str) -> list[SubGroup]:
    """One group per line of `topics_text`; replaces the groups while they are unpublished."""
    block = _round(AgendaBlock.objects.select_for_update().get(pk=block.pk))
    if block.groups_published:
        raise ValidationError(_("The groups are published: they can no longer be redefined."))
    topics = [line.strip()[:200] for line in topics_text.splitlines() if line.strip()]
    if not 2 <= len(topics) <= 20:
        raise ValidationError({"topics": _("Give between 2 and 20 topics, one per line.")})
    block.subgroups.all().delete()
    groups = [
        SubGroup.objects.create(block=block, position=i + 1, topic=t) for i, t in enumerate(topics)
    ]
    block.group_balance = {}
    block.save(update_fields=["group_balance", "updated_at"])
    events.changed(block.workshop_id)
    audit(
        "workshop.groups_defined",
        actor=actor,
        obj=block,
        trajectory=block.workshop.trajectory_id,
        topics=topics,
    )
    return groups


@transaction.atomic
def subgroup_set_host(*, subgroup: SubGroup, actor, participant: Participant | None) -> SubGroup:
    if participant is not None and participant.workshop_id != subgroup.block.workshop_id:
        raise ValidationError(_("This person did not join this session."))
    subgroup.host = participant
    subgroup.save(update_fields=["host", "updated_at"])
    return subgroup


@transaction.atomic
def pair_rule_add(
    *, block: AgendaBlock, actor, first: Participant, second: Participant, together: bool
) -> PairRule:
    _round(block)
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different people."))
    if {first.workshop_id, second.workshop_id} != {block.workshop_id}:
        raise ValidationError(_("This person did not join this session."))
    return PairRule.objects.create(block=block, first=first, second=second, together=together)


@transaction.atomic
def preference_set(
    *, block: AgendaBlock, participant: Participant, topics: list
) -> GroupPreference:
    block = _round(AgendaBlock.objects.get(pk=block.pk))
    if participant.workshop_id != block.workshop_id:
        raise PermissionDenied(_("You did not join this session."))
    if block.groups_published:
        raise ValidationError(_("The groups have been made: your wish can no longer change them."))
    valid = {str(pk) for pk in block.subgroups.values_list("pk", flat=True)}
    chosen = [str(t) for t in topics if str(t) in valid]
    if not chosen or len(chosen) != len(set(chosen)):
        raise ValidationError(_("Choose one of the topics."))
    preference, _created = GroupPreference.objects.update_or_create(
        block=block, participant=participant, defaults={"topics": chosen}
    )
    return preference


@transaction.atomic
def groups_assign(*, block: AgendaBlock, actor, seed: int = 0) -> dict:
    """Balanced groups for everyone who joined (analysis.grouping); the facilitator may still
    move people before publishing."""
    from rondetafel.analysis import grouping

    block = _round(AgendaBlock.objects.select_for_update().get(pk=block.pk))
    if block.groups_published:
        raise ValidationError(_("The groups are published: they can no longer be redefined."))
    subgroups = list(block.subgroups.all())
    if not subgroups:
        raise ValidationError(_("Define the groups first."))
    participants = list(block.workshop.participants.all())
    if not participants:
        raise ValidationError(_("Nobody has joined yet."))
    wishes = {
        str(p.participant_id): tuple(p.topics) for p in GroupPreference.objects.filter(block=block)
    }
    people = [grouping.Person(str(p.pk), p.side, wishes.get(str(p.pk), ())) for p in participants]
    specs = [
        grouping.GroupSpec(str(g.pk), topic=str(g.pk), host=str(g.host_id) if g.host_id else None)
        for g in subgroups
    ]
    rules = list(block.pair_rules.all())
    try:
        result = grouping.assign(
            people,
            specs,
            together=[(str(r.first_id), str(r.second_id)) for r in rules if r.together],
            apart=[(str(r.first_id), str(r.second_id)) for r in rules if not r.together],
            seed=seed,
        )
    except grouping.GroupingError as exc:
        raise ValidationError(
            _("These groups cannot be made: %(reason)s") % {"reason": exc}
        ) from exc
    GroupMember.objects.filter(block=block).delete()
    GroupMember.objects.bulk_create(
        GroupMember(block=block, subgroup_id=gid, participant_id=pid)
        for gid, ids in result.members.items()
        for pid in ids
    )
    block.group_balance = {
        gid: [{"side": s.side, "room": s.room, "group": s.group} for s in shares]
        for gid, shares in result.balance.items()
    }
    block.save(update_fields=["group_balance", "updated_at"])
    audit(
        "workshop.groups_assigned",
        actor=actor,
        obj=block,
        trajectory=block.workshop.trajectory_id,
        largest_gap=round(result.largest_gap, 3),
    )
    return {
        "largest_gap": result.largest_gap,
        "first_choice": result.first_choice,
        "with_preferences": result.with_preferences,
    }


@transaction.atomic
def group_move(*, block: AgendaBlock, actor, participant: Participant, subgroup: SubGroup) -> None:
    block = AgendaBlock.objects.select_for_update().get(pk=block.pk)
    if subgroup.block_id != block.pk or participant.workshop_id != block.workshop_id:
        raise ValidationError(_("This person or group is not part of this round."))
    if block.groups_published:
        raise ValidationError(_("The groups are published: they can no longer be redefined."))
    GroupMember.objects.update_or_create(
        block=block, participant=participant, defaults={"subgroup": subgroup}
    )


@transaction.atomic
def groups_publish(*, block: AgendaBlock, actor) -> AgendaBlock:
    block = _round(AgendaBlock.objects.select_for_update().get(pk=block.pk))
    if not GroupMember.objects.filter(block=block).exists():
        raise ValidationError(_("Make the groups first."))
    block.groups_published = True
    block.save(update_fields=["groups_published", "updated_at"])
    events.changed(block.workshop_id)
    audit(
        "workshop.groups_published", actor=actor, obj=block, trajectory=block.workshop.trajectory_id
    )
    return block
