"""Items the room contributes (statements, questions, ideas) and their moderation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .. import events
from ..constants import (
    MAX_TEXT,
    StatementStatus,
)
from ..models import (
    Activity,
    Participant,
    Statement,
)
from .participation import open_for


def statement_submit(
    *, activity: Activity, participant: Participant, text: str, client_id: str = ""
) -> Statement:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write a statement first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Keep it under %(n)d characters.") % {"n": MAX_TEXT}})
    if not activity.type.takes_contributions:
        raise ValidationError(_("This activity does not take contributions."))
    client_id = str(client_id or "")[:64]
    try:
        with transaction.atomic():
            open_for(activity, participant)
            statement = Statement.objects.create(
                activity=activity,
                text=text,
                author=participant,
                status=StatementStatus.PENDING
                if activity.type.moderated
                else StatementStatus.ACCEPTED,
                client_id=client_id,
            )
            events.answers_changed(activity, activity.type)
    except IntegrityError:
        return Statement.objects.get(author=participant, client_id=client_id)
    return statement


@transaction.atomic
def statement_moderate(*, statement: Statement, actor, accept: bool) -> Statement:
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.save(update_fields=["status", "updated_at"])
    events.answers_changed(statement.activity, statement.activity.type)
    audit(
        "workshop.statement_moderated",
        actor=actor,
        obj=statement,
        trajectory=statement.activity.workshop.trajectory_id,
        accepted=accept,
    )
    return statement
