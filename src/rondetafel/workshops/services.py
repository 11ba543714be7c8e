"""Every write of a live session. Each change a participant or the screen should see bumps the
session's version in the same transaction and announces it after commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.core.audit import audit_record
from rondetafel.core.realtime import group_name, publish_snapshots_on_commit
from rondetafel.trajectories.constants import Side

from .activities import CONTRIBUTIONS, accepted_items, activity_types
from .answers import value_from_fields
from .constants import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_TEXT,
    ActivityStatus,
    BlockKind,
    StatementStatus,
    WorkshopStatus,
)
from .models import (
    Activity,
    AgendaBlock,
    GroupMember,
    GroupPreference,
    PairRule,
    Participant,
    Response,
    Statement,
    SubGroup,
    Theme,
    Workshop,
)


def _audit(action, actor, obj, workshop, **data):
    audit_record(
        action=action, actor=actor, obj=obj, scope=f"trajectory:{workshop.trajectory_id}", data=data
    )


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _changed(workshop_id) -> None:
    """Bump the version inside the caller's transaction; after commit, every open view gets a
    complete snapshot (coalesced: at most a few per second, however many votes arrive). Takes
    the id: a vote should not have to load the session to announce itself."""
    Workshop.objects.filter(pk=workshop_id).update(version=F("version") + 1)

    def build() -> list[tuple[str, dict]]:
        from .selectors import phone_snapshot, snapshot  # selectors import this module

        full = snapshot(Workshop.objects.get(pk=workshop_id))
        # Phones get only what tells them to redraw; screens and consoles the whole state.
        return [
            (group_name("workshop", workshop_id), full),
            (group_name("workshop-phones", workshop_id), phone_snapshot(full)),
        ]

    publish_snapshots_on_commit(group_name("workshop", workshop_id), build)


def _new_join_code() -> str:
    for _attempt in range(20):
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Workshop.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("no free join code")


# --- design (facilitator) ----------------------------------------------------------------------


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
        join_code=_new_join_code(),
        under_heard_ratio=under_heard_ratio,
    )
    workshop.full_clean()
    workshop.save()
    _audit("workshop.created", actor, workshop, workshop, title=workshop.title)
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
    workshop.save(update_fields=["status", "updated_at"])
    _changed(workshop.pk)
    _audit("workshop.status", actor, workshop, workshop, status=status)
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
    _changed(workshop.pk)
    _audit("workshop.block_added", actor, block, workshop, title=title)
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
    if kind in ("statements", "qa"):
        for line in (options_text or "").splitlines():
            if line.strip():
                Statement.objects.create(activity=activity, text=line.strip()[:MAX_TEXT])
    _changed(workshop.pk)
    _audit("workshop.activity_added", actor, activity, workshop, kind=kind)
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
    _changed(workshop.pk)
    _audit("workshop.activity_status", actor, activity, workshop, status=status)
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
    _changed(activity.workshop_id)
    return activity


@transaction.atomic
def activity_record_outcome(*, activity: Activity, actor, outcome: str) -> Activity:
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("Describe the outcome.")})
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.outcome = outcome[:2000]
    activity.save(update_fields=["outcome", "updated_at"])
    _changed(activity.workshop_id)
    _audit(
        "workshop.outcome_recorded", actor, activity, activity.workshop, outcome=activity.outcome
    )
    return activity


@transaction.atomic
def statement_moderate(*, statement: Statement, actor, accept: bool) -> Statement:
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.save(update_fields=["status", "updated_at"])
    _changed(statement.activity.workshop_id)
    _audit(
        "workshop.statement_moderated",
        actor,
        statement,
        statement.activity.workshop,
        accepted=accept,
    )
    return statement


# --- taking part (participants) ----------------------------------------------------------------


@transaction.atomic
def participant_join(
    *, workshop: Workshop, display_name: str, side: str, user=None
) -> tuple[Participant, str]:
    """A new identity in this session. Returns the participant and the browser's secret key."""
    if workshop.status == WorkshopStatus.CLOSED:
        raise ValidationError(_("This session has ended."))
    if side not in Side.values:
        raise ValidationError({"side": _("Choose the side you are here for.")})
    if user is not None and getattr(user, "is_authenticated", False):
        existing = Participant.objects.filter(workshop=workshop, user=user).first()
        if existing:
            key = secrets.token_urlsafe(32)
            existing.key_hash = key_hash(key)  # a new device takes over the same identity
            existing.save(update_fields=["key_hash", "updated_at"])
            return existing, key
    else:
        user = None
    key = secrets.token_urlsafe(32)
    participant = Participant(
        workshop=workshop,
        user=user,
        display_name=display_name.strip()[:80],
        side=side,
        key_hash=key_hash(key),
    )
    participant.full_clean()
    participant.save()
    _changed(workshop.pk)
    return participant, key


def _open_activity(activity: Activity, participant: Participant) -> Activity:
    if participant.workshop_id != activity.workshop_id:
        raise PermissionDenied(_("You did not join this session."))
    if activity.status != ActivityStatus.OPEN:
        raise ValidationError(_("This activity is closed: your answer was not counted."))
    return activity


def respond(
    *, activity: Activity, participant: Participant, item: str = "", value, client_id: str = ""
) -> Response:
    """Store one answer. A second answer to the same item replaces the first; the same client
    id sent twice (a retry) is stored once."""
    kind = activity_types[activity.kind]
    item = str(item or "") if kind.has_items else ""
    client_id = str(client_id or "")[:64]
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _open_activity(activity, participant)
        try:
            cleaned = kind.clean(activity, item, value)
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ValidationError(_("This answer is not valid.")) from exc
        existing = Response.objects.filter(
            activity=activity, participant=participant, item=item
        ).first()
        if existing and client_id and existing.client_id == client_id:
            return existing  # a retry of what is already stored
        if existing:
            existing.value, existing.client_id = cleaned, client_id
            existing.save(update_fields=["value", "client_id", "updated_at"])
            response = existing
        else:
            response = Response.objects.create(
                activity=activity,
                participant=participant,
                item=item,
                value=cleaned,
                client_id=client_id,
            )
        _changed(activity.workshop_id)
    return response


@dataclass(frozen=True)
class Vote:
    activity_id: object
    participant_id: object
    workshop_id: object  # the participant's session
    item: str
    value: object
    client_id: str
    form: object = None  # a phone form's fields (answers.value_from_fields turns them into value)
    # A phone known only by its key (the form's short path): resolved in the batch, by the
    # hash of its key within the session with this join code.
    participant_key: str = ""
    join_code: str = ""


def vote_from_form(form, *, activity_id, **phone) -> Vote:
    """A phone form's answer as a vote (the posted fields; the activity type parses them in
    the batch). `phone`: participant_id and workshop_id, or participant_key and join_code."""
    return Vote(
        activity_id=activity_id,
        participant_id=phone.get("participant_id"),
        workshop_id=phone.get("workshop_id"),
        item=str(form.get("item", "")),
        value=None,
        client_id=str(form.get("client_id", ""))[:64],
        form=form,
        participant_key=phone.get("participant_key", ""),
        join_code=phone.get("join_code", ""),
    )


@dataclass(frozen=True)
class VoteResult:
    ok: bool
    code: str = ""  # "invalid" or "forbidden" when not ok
    detail: str = ""
    version: int = 0
    join_code: str = ""


def respond_many(votes: list[Vote]) -> list[VoteResult]:
    """Store a batch of votes in one transaction, each checked as `respond` checks one: the
    throughput path for the WebSocket, where hundreds of people vote at once. Every vote is
    committed before its result is returned; a retried client id counts once; within a batch
    the last answer to an item wins. One version bump per session, not per vote."""
    votes = _resolve_phones(votes)
    results: list[VoteResult | None] = [
        VoteResult(False, "forbidden", _("Join the session first."))
        if v.participant_id is None
        else None
        for v in votes
    ]
    with transaction.atomic():
        activities = Activity.objects.select_for_update().in_bulk(
            {a for a in (_as_uuid(v.activity_id) for v in votes) if a is not None}
        )
        known = {
            a.pk: accepted_items(a) for a in activities.values() if activity_types[a.kind].has_items
        }
        retries = set(
            Response.objects.filter(
                activity_id__in=list(activities),
                participant_id__in={v.participant_id for v in votes},
                client_id__in=[v.client_id for v in votes if v.client_id],
            ).values_list("activity_id", "participant_id", "client_id")
        )
        rows: dict[tuple, Response] = {}
        touched: set = set()
        for index, vote in enumerate(votes):
            if results[index] is not None:
                continue  # a phone that has not joined this session
            activity = activities.get(_as_uuid(vote.activity_id))
            if activity is None or activity.workshop_id != vote.workshop_id:
                results[index] = VoteResult(False, "invalid", _("This activity does not exist."))
                continue
            if activity.status != ActivityStatus.OPEN:
                results[index] = VoteResult(
                    False, "invalid", _("This activity is closed: your answer was not counted.")
                )
                continue
            kind = activity_types[activity.kind]
            item = str(vote.item or "") if kind.has_items else ""
            if vote.client_id and (activity.pk, vote.participant_id, vote.client_id) in retries:
                results[index] = VoteResult(True)  # already stored
                continue
            try:
                value = vote.value
                if vote.form is not None:
                    value = value_from_fields(activity, vote.form)
                cleaned = kind.clean(activity, item, value, known_items=known.get(activity.pk))
            except ValidationError as exc:
                results[index] = VoteResult(False, "invalid", " ".join(exc.messages))
                continue
            except (ArithmeticError, TypeError, ValueError):
                # A number no type accepts (Infinity, 1e400) costs only this vote, never the batch.
                results[index] = VoteResult(False, "invalid", _("This answer is not valid."))
                continue
            rows[(activity.pk, vote.participant_id, item)] = Response(
                activity_id=activity.pk,
                participant_id=vote.participant_id,
                item=item,
                value=cleaned,
                client_id=vote.client_id,
            )
            touched.add(activity.workshop_id)
            results[index] = VoteResult(True)
        if rows:
            Response.objects.bulk_create(
                list(rows.values()),
                update_conflicts=True,
                unique_fields=["activity", "participant", "item"],
                update_fields=["value", "client_id", "updated_at"],
            )
        for workshop_id in touched:
            _changed(workshop_id)
        versions = {
            pk: (version, code)
            for pk, version, code in Workshop.objects.filter(
                pk__in={v.workshop_id for v in votes if v.workshop_id}
            ).values_list("pk", "version", "join_code")
        }
    return [
        VoteResult(r.ok, r.code, r.detail, *versions.get(v.workshop_id, (0, v.join_code)))
        for v, r in zip(votes, results, strict=True)
    ]


def _as_uuid(value):
    import uuid

    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _resolve_phones(votes: list[Vote]) -> list[Vote]:
    """Votes that name their phone by key get its participant and session, in one query for
    the whole batch; a key that has not joined the session with that code stays unresolved."""
    from dataclasses import replace

    wanted = {v.participant_key for v in votes if v.participant_id is None and v.participant_key}
    if not wanted:
        return votes
    phones = {
        key: (pk, workshop_id, code)
        for key, pk, workshop_id, code in Participant.objects.filter(
            key_hash__in=wanted
        ).values_list("key_hash", "pk", "workshop_id", "workshop__join_code")
    }
    resolved = []
    for v in votes:
        phone = phones.get(v.participant_key) if v.participant_id is None else None
        if phone and phone[2] == v.join_code:
            v = replace(v, participant_id=phone[0], workshop_id=phone[1])
        resolved.append(v)
    return resolved


def statement_submit(
    *, activity: Activity, participant: Participant, text: str, client_id: str = ""
) -> Statement:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write a statement first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Keep it under %(n)d characters.") % {"n": MAX_TEXT}})
    if activity.kind not in CONTRIBUTIONS:
        raise ValidationError(_("This activity does not take contributions."))
    client_id = str(client_id or "")[:64]
    try:
        with transaction.atomic():
            _open_activity(activity, participant)
            statement = Statement.objects.create(
                activity=activity,
                text=text,
                author=participant,
                status=StatementStatus.PENDING
                if CONTRIBUTIONS[activity.kind]
                else StatementStatus.ACCEPTED,
                client_id=client_id,
            )
            _changed(activity.workshop_id)
    except IntegrityError:
        return Statement.objects.get(author=participant, client_id=client_id)
    return statement


def block_end(*, block: AgendaBlock, actor) -> AgendaBlock:
    with transaction.atomic():
        block = AgendaBlock.objects.select_for_update().get(pk=block.pk)
        if block.started_at is None:
            raise ValidationError(_("This block has not started."))
        block.ended_at = timezone.now()
        block.save(update_fields=["ended_at", "updated_at"])
        _changed(block.workshop_id)
        _audit("workshop.block_ended", actor, block, block.workshop)
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
        _changed(block.workshop_id)
        _audit("workshop.block_started", actor, block, block.workshop)
    return block


# --- sub-session rounds ------------------------------------------------------------------------


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
    _changed(block.workshop_id)
    _audit("workshop.groups_defined", actor, block, block.workshop, topics=topics)
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
    _audit(
        "workshop.groups_assigned",
        actor,
        block,
        block.workshop,
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
    _changed(block.workshop_id)
    _audit("workshop.groups_published", actor, block, block.workshop)
    return block


# --- idea boards ---------------------------------------------------------------------------------


def _board(activity: Activity) -> Activity:
    if activity.kind != "ideas":
        raise ValidationError(_("Themes belong to an idea board."))
    return activity


@transaction.atomic
def themes_add(*, activity: Activity, actor, names_text: str) -> list[Theme]:
    _board(activity)
    names = [line.strip()[:120] for line in names_text.splitlines() if line.strip()]
    if not names:
        raise ValidationError({"themes": _("Name at least one theme.")})
    themes = [Theme.objects.create(activity=activity, name=n) for n in names]
    _changed(activity.workshop_id)
    return themes


@transaction.atomic
def idea_cluster(*, idea: Statement, actor, theme: Theme | None) -> Statement:
    _board(idea.activity)
    if theme is not None and theme.activity_id != idea.activity_id:
        raise ValidationError(_("This theme belongs to another board."))
    idea.theme = theme
    idea.save(update_fields=["theme", "updated_at"])
    _changed(idea.activity.workshop_id)
    return idea


@transaction.atomic
def ideas_phase(*, activity: Activity, actor, phase: str) -> Activity:
    activity = _board(Activity.objects.select_for_update().get(pk=activity.pk))
    if phase not in ("collect", "vote"):
        raise ValidationError(_("Unknown command."))
    if phase == "vote" and not activity.themes.exists():
        raise ValidationError(_("Make themes before the dot-voting starts."))
    activity.config = {**activity.config, "phase": phase}
    activity.save(update_fields=["config", "updated_at"])
    _changed(activity.workshop_id)
    _audit("workshop.ideas_phase", actor, activity, activity.workshop, phase=phase)
    return activity


# --- joining with the side set by the facilitator ------------------------------------------------

SIDE_LINK_SALT = "rondetafel.workshops.side-link"


def side_link_token(*, workshop: Workshop, side: str) -> str:
    """A signed token that fixes the side of whoever joins through it (an invitation link per
    side: residents get the residents' link)."""
    from django.core import signing

    if side not in Side.values:
        raise ValidationError(_("Choose the side you are here for."))
    return signing.dumps({"w": str(workshop.pk), "s": side}, salt=SIDE_LINK_SALT, compress=True)


def side_from_token(*, workshop: Workshop, token: str) -> str | None:
    from django.core import signing

    try:
        data = signing.loads(token, salt=SIDE_LINK_SALT)
    except signing.BadSignature:
        return None
    if data.get("w") != str(workshop.pk) or data.get("s") not in Side.values:
        return None
    return data["s"]
