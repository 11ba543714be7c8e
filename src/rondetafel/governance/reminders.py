"""What the sweep finds due on a day, queued as mail. Reminders are worked out from the state of
commitments and decisions, not scheduled ahead: a worker that was down catches up when it runs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.models import Membership

from .constants import OPEN_STATUSES
from .models import Commitment, Decision, DigestSent
from .services import _absolute, mail_queue

REMIND_DAYS_BEFORE = 3
REMIND_AGAIN_AFTER_DAYS = 7


def _recipients(commitment: Commitment):
    """The owner; a party's people when a party owns it; the facilitators when the owner left."""
    if commitment.owner_id:
        return [commitment.owner.user]
    members = Membership.objects.filter(trajectory_id=commitment.trajectory_id)
    if commitment.owner_party_id:
        members = members.filter(party_id=commitment.owner_party_id)
    else:
        members = members.filter(role=Role.FACILITATOR)
    return [m.user for m in members.select_related("user")]


def commitments_to_remind(day: datetime.date):
    return (
        Commitment.objects.filter(
            status__in=OPEN_STATUSES, due_on__lte=day + datetime.timedelta(REMIND_DAYS_BEFORE)
        )
        .exclude(reminded_on__gt=day - datetime.timedelta(REMIND_AGAIN_AFTER_DAYS))
        .select_related("owner__user", "trajectory")
    )


def decisions_to_review(day: datetime.date):
    return Decision.objects.filter(review_on__lte=day, review_reminded_on__isnull=True)


@transaction.atomic
def queue_due(day: datetime.date) -> dict:
    counts = {"reminders": 0, "reviews": 0, "digests": 0}
    for commitment in commitments_to_remind(day).select_for_update(of=("self",)):
        url = _absolute(
            reverse("governance:commitment", args=[commitment.trajectory_id, commitment.pk])
        )
        for user in _recipients(commitment):
            mail_queue(
                trajectory_id=commitment.trajectory_id,
                user=user,
                kind="reminder",
                subject_template="governance/mail/reminder_subject.txt",
                body_template="governance/mail/reminder.txt",
                context={
                    "commitment": commitment,
                    "overdue": commitment.due_on < day,
                    "url": url,
                },
            )
            counts["reminders"] += 1
        Commitment.objects.filter(pk=commitment.pk).update(reminded_on=day)
    for decision in decisions_to_review(day).select_related("trajectory"):
        url = _absolute(reverse("governance:decisions", args=[decision.trajectory_id]))
        for membership in Membership.objects.filter(
            trajectory_id=decision.trajectory_id, role=Role.FACILITATOR
        ).select_related("user"):
            mail_queue(
                trajectory_id=decision.trajectory_id,
                user=membership.user,
                kind="review",
                subject_template="governance/mail/review_subject.txt",
                body_template="governance/mail/review.txt",
                context={"decision": decision, "url": url},
            )
            counts["reviews"] += 1
        Decision.objects.filter(pk=decision.pk).update(review_reminded_on=day)
    if day.weekday() == settings.DIGEST_WEEKDAY:
        counts["digests"] = _queue_digests(day)
    return counts


def _queue_digests(day: datetime.date) -> int:
    year, number, _weekday = day.isocalendar()
    week = f"{year}-W{number:02d}"
    sent = 0
    owners = (
        get_user_model()
        .objects.filter(memberships__commitments__status__in=OPEN_STATUSES, is_active=True)
        .distinct()
    )
    for user in owners:
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, week=week)
        except IntegrityError:
            continue  # this week's digest went out already
        commitments = list(
            Commitment.objects.filter(owner__user=user, status__in=OPEN_STATUSES)
            .select_related("trajectory")
            .order_by("due_on")
        )
        mail_queue(
            trajectory_id=None,
            user=user,
            kind="digest",
            subject_template="governance/mail/digest_subject.txt",
            body_template="governance/mail/digest.txt",
            context={
                "commitments": commitments,
                "today": day,
                "url": _absolute(reverse("governance:inbox")),
            },
        )
        sent += 1
    return sent
