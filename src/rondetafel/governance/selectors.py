"""Reads for step 5: the decision log, commitment views, the inbox, agendas and the dashboard.
Each runs a fixed number of queries, whatever the number of rows (bench/reports.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .constants import DUE_SOON_DAYS, OPEN_STATUSES, CommitmentStatus, MailStatus
from .models import Body, Commitment, Decision, Meeting, OutgoingMail, WorkerBeat

WORKER_SILENT_AFTER = datetime.timedelta(minutes=10)

VIEWS = ("all", "open", "overdue", "due_soon", "owner_left", "done")


def decision_log(*, trajectory):
    return Decision.objects.filter(trajectory=trajectory).select_related("meeting__body")


def decision_get(*, trajectory, decision_id) -> Decision | None:
    return Decision.objects.filter(trajectory=trajectory, pk=decision_id).first()


def _commitments():
    return Commitment.objects.select_related(
        "owner__user", "owner_party", "decision", "article__section__version"
    )


def commitment_list(*, trajectory, view: str = "open", today: datetime.date | None = None):
    today = today or timezone.localdate()
    qs = _commitments().filter(trajectory=trajectory)
    open_ = Q(status__in=OPEN_STATUSES)
    filters = {
        "all": Q(),
        "open": open_,
        "overdue": open_ & Q(due_on__lt=today),
        "due_soon": open_
        & Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(DUE_SOON_DAYS)),
        "owner_left": open_ & Q(owner__isnull=True, owner_party__isnull=True),
        "done": ~open_,
    }
    return qs.filter(filters.get(view, open_))


def commitment_get(*, trajectory, commitment_id) -> Commitment | None:
    return _commitments().filter(trajectory=trajectory, pk=commitment_id).first()


def commitment_history(*, commitment):
    return commitment.events.select_related("actor")


def inbox(*, user) -> dict:
    """A person's commitments across trajectories: assigned to them and given out by them."""
    mine = _commitments().select_related("trajectory").order_by("due_on")
    assigned = mine.filter(owner__user=user)
    created = mine.filter(created_by=user).exclude(owner__user=user)
    return {
        "assigned_open": assigned.filter(status__in=OPEN_STATUSES),
        "assigned_closed": assigned.exclude(status__in=OPEN_STATUSES),
        "created_open": created.filter(status__in=OPEN_STATUSES),
        "created_closed": created.exclude(status__in=OPEN_STATUSES),
    }


def bodies(*, trajectory):
    return (
        Body.objects.filter(trajectory=trajectory)
        .prefetch_related("members__user")
        .annotate(meeting_count=Count("meetings"))
    )


def body_get(*, trajectory, body_id) -> Body | None:
    return Body.objects.filter(trajectory=trajectory, pk=body_id).first()


def meeting_get(*, trajectory, meeting_id) -> Meeting | None:
    return (
        Meeting.objects.filter(body__trajectory=trajectory, pk=meeting_id)
        .select_related("body")
        .first()
    )


def agenda(*, meeting: Meeting) -> dict:
    """What the meeting should discuss: open commitments (overdue first) and decisions whose
    review falls before the meeting."""
    day = timezone.localtime(meeting.starts_at).date()
    trajectory_id = meeting.body.trajectory_id
    commitments = list(_commitments().filter(trajectory_id=trajectory_id, status__in=OPEN_STATUSES))
    return {
        "overdue": [c for c in commitments if c.due_on < day],
        "open": [c for c in commitments if c.due_on >= day],
        "reviews": list(
            Decision.objects.filter(trajectory_id=trajectory_id, review_on__lte=day)
            .exclude(review_on__isnull=True)
            .order_by("review_on")
        ),
    }


@dataclass(frozen=True)
class MailHealth:
    pending: int
    failed: list
    worker_seen_at: datetime.datetime | None
    worker_silent: bool


def mail_health(*, trajectory) -> MailHealth:
    mails = OutgoingMail.objects.filter(trajectory=trajectory)
    beat = WorkerBeat.objects.filter(name="worker").first()
    seen = beat.seen_at if beat else None
    return MailHealth(
        pending=mails.filter(status=MailStatus.PENDING).count(),
        failed=list(mails.filter(status=MailStatus.FAILED)[:20]),
        worker_seen_at=seen,
        worker_silent=seen is None or timezone.now() - seen > WORKER_SILENT_AFTER,
    )


def reminders_waiting(*, trajectory, today: datetime.date) -> int:
    """Reminders the worker would send now: what waits when it is not running."""
    from .reminders import commitments_to_remind, decisions_to_review

    return (
        commitments_to_remind(today).filter(trajectory=trajectory).count()
        + decisions_to_review(today).filter(trajectory=trajectory).count()
    )


def dashboard(*, trajectory, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(DUE_SOON_DAYS)
    counts = Commitment.objects.filter(trajectory=trajectory).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=CommitmentStatus.OPEN)),
        under_way=Count("id", filter=Q(status=CommitmentStatus.UNDER_WAY)),
        done=Count("id", filter=Q(status=CommitmentStatus.DONE)),
        dropped=Count("id", filter=Q(status=CommitmentStatus.DROPPED)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        due_soon=Count(
            "id", filter=Q(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=soon)
        ),
        owner_left=Count(
            "id", filter=Q(status__in=OPEN_STATUSES, owner__isnull=True, owner_party__isnull=True)
        ),
    )
    decisions = Decision.objects.filter(trajectory=trajectory).aggregate(
        total=Count("id"),
        reviews_due=Count("id", filter=Q(review_on__lte=today)),
    )
    open_ = commitment_list(trajectory=trajectory, view="open", today=today)
    return {
        "commitments": counts,
        "decisions": decisions,
        "overdue": list(open_.filter(due_on__lt=today)[:10]),
        "due_soon": list(open_.filter(due_on__gte=today, due_on__lte=soon)[:10]),
        "recent_decisions": list(decision_log(trajectory=trajectory)[:5]),
        "next_meetings": list(
            Meeting.objects.filter(body__trajectory=trajectory, starts_at__gte=timezone.now())
            .select_related("body")
            .order_by("starts_at")[:3]
        ),
        "mail": mail_health(trajectory=trajectory),
        "reminders_waiting": reminders_waiting(trajectory=trajectory, today=today),
        "today": today,
    }


def meetings_for_user(*, user):
    return Meeting.objects.filter(body__members__user=user).select_related("body__trajectory")


def meetings_for_body(*, body):
    return Meeting.objects.filter(body=body).select_related("body__trajectory")
