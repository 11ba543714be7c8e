"""Taking part: joining a session, and answers, one at a time (`respond`) or in batches
(`respond_many`, the path of the WebSocket and of the form's short path). The activity type
parses and judges each answer; one bad answer never costs another participant's."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rondetafel.core import metrics
from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.constants import Side

from .. import events
from ..activities import activity_types
from ..activities.base import accepted_items
from ..constants import (
    ActivityStatus,
    WorkshopStatus,
)
from ..models import (
    Activity,
    Participant,
    Response,
    Workshop,
)


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
            existing.key_hash = token_hash(key)  # a new device takes over the same identity
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
        key_hash=token_hash(key),
    )
    participant.full_clean()
    participant.save()
    events.changed(workshop.pk)
    return participant, key


def open_for(activity: Activity, participant: Participant) -> Activity:
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
        open_for(activity, participant)
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
        events.answers_changed(activity, kind)
    metrics.VOTES.inc()
    return response


@dataclass(frozen=True)
class Vote:
    activity_id: object
    participant_id: object
    workshop_id: object  # the participant's session
    item: str
    value: object
    client_id: str
    form: object = None  # a phone form's fields (the activity type turns them into value)
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
        touched: dict = {}  # activity id -> activity
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
                    value = kind.value_from_fields(activity, vote.form)
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
            touched[activity.pk] = activity
            results[index] = VoteResult(True)
        if rows:
            Response.objects.bulk_create(
                list(rows.values()),
                update_conflicts=True,
                unique_fields=["activity", "participant", "item"],
                update_fields=["value", "client_id", "updated_at"],
            )
        for activity in touched.values():
            events.answers_changed(activity, activity.type)
        versions = {
            pk: (version, code)
            for pk, version, code in Workshop.objects.filter(
                pk__in={v.workshop_id for v in votes if v.workshop_id}
            ).values_list("pk", "version", "join_code")
        }
    metrics.VOTES.inc(len(rows))
    decided = [r for r in results if r is not None]  # every vote has its result by now
    return [
        VoteResult(r.ok, r.code, r.detail, *versions.get(v.workshop_id, (0, v.join_code)))
        for v, r in zip(votes, decided, strict=True)
    ]


def _as_uuid(value):
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _resolve_phones(votes: list[Vote]) -> list[Vote]:
    """Votes that name their phone by key get its participant and session, in one query for
    the whole batch; a key that has not joined the session with that code stays unresolved."""
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
