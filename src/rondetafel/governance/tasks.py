"""Background work, run by ``rondetafel worker`` (django-tasks with its database backend):
delivering kept mail with retries, and the sweep that finds what needs a reminder."""

from __future__ import annotations

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .constants import MAIL_ATTEMPTS, MailStatus

log = logging.getLogger(__name__)


@task()
def deliver_mail(mail_id: str) -> str:
    """Send one kept mail. A refusal or an unreachable server is recorded and retried later
    with a growing pause; after the last attempt the mail stays failed, for the facilitator."""
    from .models import OutgoingMail

    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.PENDING:
            return "skipped"
        try:
            EmailMessage(mail.subject, mail.body, to=[mail.to]).send()
        except Exception as exc:  # noqa: BLE001  (any transport failure: refused, down, timeout)
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if mail.attempts >= MAIL_ATTEMPTS:
                mail.status = MailStatus.FAILED
            mail.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            log.warning("mail %s not sent (attempt %d): %s", mail.pk, mail.attempts, exc)
            if mail.status == MailStatus.PENDING:
                retry_at = timezone.now() + datetime.timedelta(minutes=2**mail.attempts)
                transaction.on_commit(
                    lambda: deliver_mail.using(run_after=retry_at).enqueue(mail_id)
                )
            return "failed"
        mail.status = MailStatus.SENT
        mail.attempts += 1
        mail.sent_at = timezone.now()
        mail.save(update_fields=["status", "attempts", "sent_at", "updated_at"])
    return "sent"


@task()
def sweep(today: str | None = None) -> dict:
    """Queue what is due: reminders of commitments due soon or overdue, decisions to review,
    and on the digest day each person's weekly digest; seal the audit log when due; remove the
    names in sessions past their retention period. Idempotent within a day (a week for
    the digest), so a worker that restarts or runs twice sends nothing twice."""
    from rondetafel.core.audit import audit_seal_if_due
    from rondetafel.workshops.services.retention import retention_sweep

    from . import reminders

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    queued = reminders.queue_due(day)
    # The audit chain's head, timestamped every AUDIT_SEAL_MINUTES (ADR 0004).
    seal = audit_seal_if_due()
    # Names in sessions past their trajectory's retention period (AVG/GDPR).
    names_removed = retention_sweep()
    return {
        **queued,
        "audit_sealed": seal.sequence if seal else None,
        "session_names_removed": names_removed,
    }
