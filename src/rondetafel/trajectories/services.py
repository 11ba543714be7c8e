"""Every write to trajectories, parties, memberships, steps and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rondetafel.accounts.models import User
from rondetafel.accounts.services import user_create
from rondetafel.core.audit import audit_record, person_reference
from rondetafel.core.realtime import broadcast_on_commit, member_group
from rondetafel.core.tokens import token_hash
from rondetafel.core.updates import apply_changes

from .audit import trajectory_scope
from .constants import Role
from .models import Invitation, Membership, Party, Trajectory, TrajectoryStep
from .rules import forget_roles

TRAJECTORY_FIELDS = (
    "title",
    "question",
    "background",
    "starts_on",
    "ends_on",
    "status",
    "session_names_kept_days",
)


@transaction.atomic
def trajectory_create(*, created_by: User, **data: Any) -> Trajectory:
    trajectory = Trajectory(created_by=created_by)
    apply_changes(trajectory, data, TRAJECTORY_FIELDS)
    trajectory.full_clean()
    trajectory.save()
    TrajectoryStep.objects.bulk_create(
        TrajectoryStep(trajectory=trajectory, number=n) for n in range(1, 6)
    )
    Membership.objects.create(trajectory=trajectory, user=created_by, role=Role.FACILITATOR)
    forget_roles(created_by)
    audit_record(
        action="trajectory.created",
        actor=created_by,
        obj=trajectory,
        scope=trajectory_scope(trajectory),
        data={"title": trajectory.title},
    )
    return trajectory


@transaction.atomic
def trajectory_update(*, trajectory: Trajectory, actor: User, **data: Any) -> Trajectory:
    changed = apply_changes(trajectory, data, TRAJECTORY_FIELDS)
    if changed:
        trajectory.full_clean()
        trajectory.save()
        audit_record(
            action="trajectory.updated",
            actor=actor,
            obj=trajectory,
            scope=trajectory_scope(trajectory),
            data={"fields": changed},
        )
    return trajectory


PARTY_FIELDS = ("name", "side", "side_label", "description")


@transaction.atomic
def party_create(*, trajectory: Trajectory, actor: User | None, **data: Any) -> Party:
    party = Party(trajectory=trajectory)
    apply_changes(party, data, PARTY_FIELDS)
    party.full_clean()
    party.save()
    audit_record(
        action="party.created",
        actor=actor,
        obj=party,
        scope=trajectory_scope(trajectory),
        data={"name": party.name, "side": party.side},
    )
    return party


@transaction.atomic
def party_update(*, party: Party, actor: User, **data: Any) -> Party:
    changed = apply_changes(party, data, PARTY_FIELDS)
    if changed:
        party.full_clean()
        party.save()
        audit_record(
            action="party.updated",
            actor=actor,
            obj=party,
            scope=trajectory_scope(party.trajectory),
            data={"fields": changed},
        )
    return party


def _check_party(trajectory: Trajectory, party: Party | None) -> None:
    if party is not None and party.trajectory_id != trajectory.pk:
        raise ValidationError({"party": _("This party does not belong to this trajectory.")})


@transaction.atomic
def membership_create(
    *,
    trajectory: Trajectory,
    user: User,
    role: str,
    actor: User | None,
    party: Party | None = None,
    position: str = "",
) -> Membership:
    _check_party(trajectory, party)
    membership = Membership(
        trajectory=trajectory, user=user, role=role, party=party, position=position
    )
    membership.full_clean()
    membership.save()
    forget_roles(user)
    audit_record(
        action="membership.created",
        actor=actor,
        obj=membership,
        scope=trajectory_scope(trajectory),
        data={"person": person_reference(user), "role": role},
    )
    return membership


def _keeps_a_facilitator(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.FACILITATOR or new_role == Role.FACILITATOR:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(trajectory_id=membership.trajectory_id, role=Role.FACILITATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("A trajectory needs at least one facilitator."))


@transaction.atomic
def membership_update(*, membership: Membership, actor: User, **data: Any) -> Membership:
    _keeps_a_facilitator(membership, data.get("role", membership.role))
    if "party" in data:
        _check_party(membership.trajectory, data["party"])
    changed = apply_changes(membership, data, ("role", "party", "position"))
    if changed:
        membership.full_clean()
        membership.save()
        forget_roles(membership.user)
        audit_record(
            action="membership.updated",
            actor=actor,
            obj=membership,
            scope=trajectory_scope(membership.trajectory),
            data={"fields": changed, "role": membership.role},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    _keeps_a_facilitator(membership, None)
    audit_record(
        action="membership.removed",
        actor=actor,
        obj=membership,
        scope=trajectory_scope(membership.trajectory),
        data={"person": person_reference(membership.user)},
    )
    membership.delete()
    forget_roles(membership.user)
    # Live pages the member has open stop at once, not at their next reconnect.
    broadcast_on_commit(
        member_group(membership.trajectory_id, membership.user_id), {"type": "access.revoked"}
    )


@transaction.atomic
def step_update(
    *,
    step: TrajectoryStep,
    actor: User,
    status: str = "",
    reason: str = "",
    summary: str | None = None,
) -> TrajectoryStep:
    """Set a step's summary, and its status by hand (with a reason, logged) or back to
    following the work (status "")."""
    step = TrajectoryStep.objects.select_for_update().get(pk=step.pk)
    reason = reason.strip()
    if status and not reason:
        raise ValidationError(
            {"reason": _("Say why you set this status by hand instead of following the work.")}
        )
    before = (step.set_by_hand, step.status, step.override_reason, step.summary)
    step.set_by_hand = bool(status)
    if status:
        step.status = status
    step.override_reason = reason if status else ""
    if summary is not None:
        step.summary = summary
    if (step.set_by_hand, step.status, step.override_reason, step.summary) != before:
        step.full_clean()
        step.save()
        audit_record(
            action="step.updated",
            actor=actor,
            obj=step,
            scope=trajectory_scope(step.trajectory),
            data={
                "number": step.number,
                "status": step.status if status else "follows the work",
                "reason": step.override_reason,
            },
        )
    return step


# --- invitations -------------------------------------------------------------------------


class InvitationError(Exception):
    """Why an invitation link cannot be used; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def invitation_url(token: str, base_url: str | None = None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/") + reverse(
        "trajectories:invitation", args=[token]
    )


@transaction.atomic
def invitation_create(
    *,
    trajectory: Trajectory,
    email: str,
    full_name: str,
    role: str,
    invited_by: User,
    party: Party | None = None,
    base_url: str | None = None,
) -> tuple[Invitation, str]:
    """Creates the invitation and e-mails its link once the transaction commits. Returns the
    invitation and its token (which is not stored)."""
    _check_party(trajectory, party)
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.filter(trajectory=trajectory, user__email=email).exists():
        raise ValidationError({"email": _("This person is already part of this trajectory.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        trajectory=trajectory,
        email=email,
        full_name=full_name.strip(),
        role=role,
        party=party,
        invited_by=invited_by,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        action="invitation.created",
        actor=invited_by,
        obj=invitation,
        scope=trajectory_scope(trajectory),
        data={"person": person_reference(email), "role": role},
    )
    url = invitation_url(token, base_url)
    language = translation.get_language()

    def send():
        with translation.override(language):
            context = {"invitation": invitation, "url": url, "inviter": invited_by}
            send_mail(
                subject=_("Invitation: %(title)s") % {"title": trajectory.title},
                message=render_to_string("trajectories/email/invitation.txt", context),
                from_email=None,
                recipient_list=[email],
            )

    transaction.on_commit(send)
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("trajectory", "party")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), 404)
    return invitation


def invitation_check(invitation: Invitation, user: User | None) -> None:
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), 400)
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired. Ask the facilitator for a new one."), 400
        )
    if user is not None and user.is_authenticated and user.email.lower() != invitation.email:
        raise InvitationError(
            _(
                "This invitation is for another e-mail address. Log out first, or ask the "
                "facilitator to invite the address you use."
            ),
            403,
        )


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, password: str | None = None
) -> Membership:
    """Accept as the logged-in ``user``, or create an account with ``password``."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation, user)
    if user is None or not user.is_authenticated:
        if User.objects.filter(email=invitation.email).exists():
            raise InvitationError(
                _("An account with this e-mail address exists. Log in to accept."), 403
            )
        user = user_create(
            email=invitation.email, full_name=invitation.full_name, password=password
        )
    try:
        with transaction.atomic():
            membership = membership_create(
                trajectory=invitation.trajectory,
                user=user,
                role=invitation.role,
                party=invitation.party,
                actor=user,
            )
    except (IntegrityError, ValidationError) as exc:
        raise InvitationError(_("You are already part of this trajectory."), 400) from exc
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        action="invitation.accepted",
        actor=user,
        obj=invitation,
        scope=trajectory_scope(invitation.trajectory),
    )
    return membership
