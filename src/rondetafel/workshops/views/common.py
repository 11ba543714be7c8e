"""What the views of live sessions share: finding the session, activity or block of a URL (404
when it is not there) and reporting a service's refusal as messages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Activity


def session_or_404(trajectory, workshop_id):
    workshop = selectors.workshop_get(trajectory=trajectory, workshop_id=workshop_id)
    if workshop is None:
        raise Http404(_("This session does not exist."))
    return workshop


def errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def console_action(request, trajectory, workshop_id, action):
    workshop = session_or_404(trajectory, workshop_id)
    try:
        action(workshop)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("workshops:console", trajectory.pk, workshop.pk)


def activity_or_404(workshop, activity_id) -> Activity:
    activity = workshop.activities.filter(pk=activity_id).first()
    if activity is None:
        raise Http404(_("This activity does not exist."))
    return activity


def block_or_404(workshop, block_id):
    block = workshop.blocks.filter(pk=block_id).first()
    if block is None:
        raise Http404(_("This block does not exist."))
    return block


def participant_in(workshop, participant_id):
    participant = (
        workshop.participants.filter(pk=participant_id).first() if participant_id else None
    )
    if participant_id and participant is None:
        raise ValidationError(_("This person did not join this session."))
    return participant


def uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
