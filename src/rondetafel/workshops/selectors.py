"""Reads for live sessions: the state clients poll, results, next statements, equality of voice."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import get_language

from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.selectors import side_labels

from .activities import activity_types
from .activities.statements import statements_for  # noqa: F401  (a read of statement voting)
from .constants import ActivityStatus, StatementStatus
from .models import Activity, Participant, Response, Statement, Workshop


def workshop_get(*, trajectory, workshop_id) -> Workshop | None:
    return Workshop.objects.filter(trajectory=trajectory, pk=workshop_id).first()


def workshop_by_code(code: str) -> Workshop | None:
    code = "".join((code or "").split()).upper()
    return (
        Workshop.objects.select_related("trajectory").filter(join_code=code).first()
        if code
        else None
    )


def participant_by_key(*, workshop, key: str | None) -> Participant | None:
    if not key:
        return None
    return Participant.objects.filter(workshop=workshop, key_hash=token_hash(key)).first()


def version(workshop_id) -> int:
    return Workshop.objects.values_list("version", flat=True).get(pk=workshop_id)


@dataclass(frozen=True)
class Answer:
    """A response as the activity types read it: lighter than a model instance."""

    item: str
    value: object
    participant_id: object


def results(activity: Activity, *, landscape: bool = True, version: int | None = None) -> dict:
    """An activity's results, with its type's extra results (statement voting's opinion
    landscape) unless asked not to: the WebSocket snapshot leaves them out, screens fetch their
    HTML part, which has them, so a vote batch never waits for an analysis."""
    if landscape:
        extra = activity.type.extra_results(activity)
        if extra:
            return {**results(activity, landscape=False, version=version), **extra}
    # Every change to an activity's answers bumps its session's version, so the results are
    # cached per version: a room of phones reloading at once counts the answers once, not once
    # per phone (bench/live_load.py, the form fallback's page).
    if version is None:  # the snapshot knows it already; a page asks
        version = (
            Workshop.objects.filter(pk=activity.workshop_id)
            .values_list("version", flat=True)
            .first()
        )
    key = f"rt:results:{activity.pk}:{version}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = _count(activity)
        cache.set(key, cached, RESULTS_CACHE_SECONDS)
    return cached


RESULTS_CACHE_SECONDS = 30


def _count(activity: Activity) -> dict:
    kind = activity_types[activity.kind]
    responses, sides = [], {}
    if kind.needs_rows:
        responses = [
            Answer(*row)
            for row in Response.objects.filter(activity=activity).values_list(
                "item", "value", "participant_id"
            )
        ]
        sides = dict(
            Participant.objects.filter(workshop=activity.workshop_id).values_list("id", "side")
        )
    return kind.results(activity, responses, sides)


def phone_identity(*, code: str, key: str | None) -> tuple[str, object, object] | None:
    """(join code, session id, participant id) of the phone holding `key` in the session with
    `code`, in one query; None when the phone has not joined it."""
    if not key:
        return None
    row = (
        Participant.objects.filter(
            key_hash=token_hash(key), workshop__join_code="".join((code or "").split()).upper()
        )
        .values_list("workshop__join_code", "workshop_id", "id")
        .first()
    )
    return tuple(row) if row else None


def answer_count(activity: Activity) -> int:
    """How many people have answered so far (the screen shows it while results are hidden)."""
    return Response.objects.filter(activity=activity).values("participant").distinct().count()


@dataclass(frozen=True)
class SideVoice:
    side: str
    label: str
    people: int
    people_share: float
    contributions: int
    contribution_share: float
    under_heard: bool


def equality_of_voice(workshop: Workshop) -> list[SideVoice]:
    """Per side: its share of the people in the room against its share of all contributions
    (answers, votes and submitted statements). Counts per side only; nobody singled out."""
    # Counted by the database: a snapshot is built several times a second while 20,000 votes
    # come in, and counting them row by row in Python took a sixth of the server's time.
    voiced = [key for key, kind in activity_types.items() if kind.counts_for_voice]
    people = Counter(
        dict(
            Participant.objects.filter(workshop=workshop)
            .values_list("side")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    contributions = Counter(
        dict(
            Response.objects.filter(activity__workshop=workshop, activity__kind__in=voiced)
            .values_list("participant__side")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    contributions.update(
        dict(
            Statement.objects.filter(
                activity__workshop=workshop, activity__kind__in=voiced, author__isnull=False
            )
            .values_list("author__side")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    total_people = sum(people.values())
    total_contributions = sum(contributions.values())
    names = side_labels(workshop.trajectory)
    rows = []
    for side in Side:
        if not people[side.value]:
            continue
        people_share = people[side.value] / total_people
        share = contributions[side.value] / total_contributions if total_contributions else 0.0
        rows.append(
            SideVoice(
                side=side.value,
                label=names.get(side.value) or str(side.label),
                people=people[side.value],
                people_share=people_share,
                contributions=contributions[side.value],
                contribution_share=share,
                under_heard=bool(total_contributions)
                and share < workshop.under_heard_ratio * people_share,
            )
        )
    return rows


def open_activity(workshop: Workshop) -> Activity | None:
    current = workshop.current_activity
    if current and current.status == ActivityStatus.OPEN:
        return current
    return None


def activity_key(activity: Activity | None) -> str:
    """Changes when what a phone shows for this activity changes (not with every vote)."""
    if activity is None:
        return ""
    accepted = activity.statements.filter(status=StatementStatus.ACCEPTED).count()
    state = activity.type.phone_state(activity)
    return f"{activity.pk}:{activity.status}:{activity.results_visible}:{accepted}:{state}"


def phone_key(workshop: Workshop) -> str:
    """Changes when what a phone shows changes: the activity, or a round's groups or topics."""
    from .models import AgendaBlock

    activity = open_activity(workshop) or workshop.current_activity
    rounds = AgendaBlock.objects.filter(workshop=workshop, kind="subsessions").annotate(
        n=Count("subgroups")
    )
    groups = ",".join(f"{b.pk}:{b.groups_published}:{b.n}:{b.ended_at is not None}" for b in rounds)
    block = current_block(workshop)
    from .phone_notices import notices_for  # say, a questionnaire to fill in now

    notices = ",".join(n.key for n in notices_for(workshop))
    return (
        f"{workshop.status}|{activity_key(activity)}|{groups}|{block.pk if block else ''}|{notices}"
    )


def snapshot(workshop: Workshop) -> dict:
    """Everything a live view needs to know, with the version it belongs to. Phones refetch their
    page part only when `activity.key` changes; the presenter redraws from `results`."""
    activity = open_activity(workshop) or workshop.current_activity
    data = {
        "type": "workshop.snapshot",
        "version": workshop.version,
        "status": workshop.status,
        "participants": workshop.participants.count(),
        "phone_key": phone_key(workshop),
        "activity": None,
        "results": None,
        "voice": [
            {
                "side": v.side,
                "people": v.people,
                "contributions": v.contributions,
                "under_heard": v.under_heard,
            }
            for v in equality_of_voice(workshop)
        ],
    }
    if activity is not None:
        data["activity"] = {
            "id": str(activity.pk),
            "kind": activity.kind,
            "title": activity.title,
            "status": activity.status,
            "results_visible": activity.results_visible,
            "key": activity_key(activity),
        }
        if activity.results_visible:
            data["results"] = results(activity, landscape=False, version=workshop.version)
    return data


@dataclass
class RoundView:
    block: object
    groups: list  # [(subgroup, [participant, ...], [{side, label, room, group}])]
    unassigned: list
    participants: list


def rounds(workshop: Workshop) -> list[RoundView]:
    """Each sub-session round with its groups, members and balance, for the console."""
    from .models import AgendaBlock, GroupMember

    side_label = {**dict(Side.choices), **side_labels(workshop.trajectory)}
    participants = list(workshop.participants.all())
    views = []
    for block in AgendaBlock.objects.filter(workshop=workshop, kind="subsessions").prefetch_related(
        "subgroups__host"
    ):
        placed = {m.participant_id: m.subgroup_id for m in GroupMember.objects.filter(block=block)}
        groups = []
        for subgroup in block.subgroups.all():
            members = [p for p in participants if placed.get(p.pk) == subgroup.pk]
            balance = [
                {
                    **row,
                    "label": str(side_label.get(row["side"], row["side"])),
                    "room_pct": round(100 * row["room"]),
                    "group_pct": round(100 * row["group"]),
                }
                for row in block.group_balance.get(str(subgroup.pk), [])
            ]
            groups.append((subgroup, members, balance))
        unassigned = [p for p in participants if p.pk not in placed] if placed else []
        views.append(RoundView(block, groups, unassigned, participants))
    return views


def my_group(*, workshop: Workshop, participant: Participant):
    """The participant's group in the latest published round that has not ended, if any."""
    from .models import GroupMember

    member = (
        GroupMember.objects.filter(
            block__workshop=workshop,
            block__groups_published=True,
            block__ended_at__isnull=True,
            participant=participant,
        )
        .select_related("subgroup", "subgroup__host", "block")
        .order_by("-block__position")
        .first()
    )
    return member.subgroup if member else None


def open_wish(*, workshop: Workshop, participant: Participant):
    """A round whose groups are defined but not made yet: the participant may state a wish."""
    from .models import AgendaBlock, GroupPreference

    block = (
        AgendaBlock.objects.filter(
            workshop=workshop, kind="subsessions", groups_published=False, subgroups__isnull=False
        )
        .distinct()
        .order_by("position")
        .first()
    )
    if block is None:
        return None
    wish = GroupPreference.objects.filter(block=block, participant=participant).first()
    return {
        "block": block,
        "topics": list(block.subgroups.all()),
        "chosen": wish.topics[0] if wish and wish.topics else "",
    }


def current_block(workshop: Workshop):
    """The agenda block that is running: started, not ended."""
    from .models import AgendaBlock

    return (
        AgendaBlock.objects.filter(
            workshop=workshop, started_at__isnull=False, ended_at__isnull=True
        )
        .order_by("-started_at")
        .first()
    )


def phone_snapshot(full: dict) -> dict:
    """The part of a snapshot a phone uses: a thousand phones need not decode the results."""
    return {"type": "workshop.snapshot", "version": full["version"], "phone_key": full["phone_key"]}


def phone_snapshot_of(workshop: Workshop) -> dict:
    """`phone_snapshot(snapshot(workshop))` without computing the results a phone never reads:
    after a server process dies, hundreds of phones reconnect at once (bench/cluster_faults.py)."""
    return {
        "type": "workshop.snapshot",
        "version": workshop.version,
        "phone_key": phone_key(workshop),
    }


def phone_activity(activity: Activity, participant: Participant) -> dict:
    """What a phone shows of the open activity: its type's context (the next statement, an
    earlier answer, ...) and the results once the participant has answered, if shown."""
    kind = activity.type
    context = kind.phone_context(activity, participant)
    if activity.results_visible and kind.has_answered(context):
        context["results"] = results(activity)
    return context


def snapshots(workshop_id) -> list[tuple[str, dict]]:
    """What a change sends to the session's open views (`events.changed`, after commit):
    screens and consoles the whole state, phones only what tells them to redraw."""
    from rondetafel.core.realtime import group_name

    full = snapshot(Workshop.objects.get(pk=workshop_id))
    return [
        (group_name("workshop", workshop_id), full),
        (group_name("workshop-phones", workshop_id), phone_snapshot(full)),
    ]


def activities_in_agenda_order(workshop: Workshop) -> list[Activity]:
    """By block, then within it; activities outside blocks last."""
    return sorted(
        workshop.activities.select_related("block"),
        key=lambda a: (a.block.position if a.block else 10_000, a.position),
    )


def names_removed_on(workshop: Workshop):
    """When retention will remove this ended session's names (None: not set, or not ended)."""
    days = workshop.trajectory.session_names_kept_days
    if days is None or workshop.closed_at is None or workshop.names_removed_at:
        return None
    return workshop.closed_at + datetime.timedelta(days=days)


def agenda_times(workshop: Workshop) -> list[tuple]:
    """Each block with its planned start and end, from the session's start and the minutes of
    the blocks before it: recomputed whenever the agenda changes."""
    import datetime

    start = workshop.starts_at
    rows = []
    for block in workshop.blocks.order_by("position"):
        end = start + datetime.timedelta(minutes=block.minutes) if start else None
        rows.append((block, start, end))
        start = end
    return rows
