"""Every write of a signing ceremony: open it, send codes, sign, seal, cancel, unlock.

Signatures are applied one at a time: the ceremony row is locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway) while the next revision of
the document is built on the previous one, so two people signing at once never fork the file.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.models import Version
from rondetafel.agreements.services import version_set_status
from rondetafel.core import metrics
from rondetafel.trajectories.audit import audit
from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.models import Membership

from . import authority, documents, pades
from .constants import (
    DRAWING_MAX_BYTES,
    EMAIL_CODE_MINUTES,
    MAX_CODES_PER_HOUR,
    MAX_FAILED_CODES,
    ROOM_CODE_ALPHABET,
    ROOM_CODE_LENGTH,
    AuthMethod,
    CeremonyStatus,
    SignatoryChoice,
    SigningOrder,
)
from .models import Ceremony, EmailCode, Signatory

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _room_code() -> str:
    return "".join(secrets.choice(ROOM_CODE_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def _code_hash(signatory: Signatory, code: str) -> str:
    message = f"{signatory.pk}:{code.strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- opening -----------------------------------------------------------------------------------


def candidates(trajectory, choice: str, chosen_user_ids=()) -> list[Membership]:
    """The memberships that will sign, in a stable order: by side, party and name."""
    members = list(
        Membership.objects.filter(trajectory=trajectory)
        .select_related("user", "party")
        .order_by("party__side", "party__name", "user__full_name")
    )
    signing_roles = {Role.PARTICIPANT, Role.CLIENT}
    if choice == SignatoryChoice.EVERYONE:
        return [m for m in members if m.role in signing_roles]
    if choice == SignatoryChoice.REPRESENTATIVES:
        first_per_party: dict = {}
        # A client speaks for its party before a participant of the same party does.
        for m in sorted(members, key=lambda m: m.role != Role.CLIENT):
            if m.role in signing_roles and m.party_id and m.party_id not in first_per_party:
                first_per_party[m.party_id] = m
        return [m for m in members if m in first_per_party.values()]
    chosen = {str(pk) for pk in chosen_user_ids}
    return [m for m in members if str(m.user_id) in chosen]


@transaction.atomic
def ceremony_open(
    *, version: Version, actor, choice: str, order: str, chosen_user_ids=()
) -> Ceremony:
    version = (
        Version.objects.select_for_update()
        .select_related("agreement__trajectory")
        .get(pk=version.pk)
    )
    trajectory = version.agreement.trajectory
    if version.status != VersionStatus.ADOPTED:
        raise ValidationError(_("Only an adopted version can be opened for signing."))
    if order not in SigningOrder.values or choice not in SignatoryChoice.values:
        raise ValidationError(_("Choose who signs and in which order."))
    members = candidates(trajectory, choice, chosen_user_ids)
    if not members:
        raise ValidationError(_("Nobody would sign: choose at least one signatory."))
    ceremony = Ceremony(
        version=version,
        trajectory=trajectory,
        order=order,
        room_code=_room_code(),
        opened_by=actor,
    )
    signatories = [
        Signatory(
            ceremony=ceremony,
            user=m.user,
            position=i + 1,
            field_name=f"Sig{i + 1}",
            name=m.user.full_name or m.user.email,
            role=m.position,
            party_name=m.party.name if m.party else "",
            side=m.party.side if m.party else "",
        )
        for i, m in enumerate(members)
    ]
    pdf, boxes = documents.document_to_sign(version, signatories)
    prepared = pades.prepare(
        pdf,
        boxes,
        authority.get(),
        reason=_("Certified by the platform before signing"),
    )
    ceremony.document = prepared
    ceremony.original_sha256 = pades.fingerprint(prepared)
    ceremony.save()
    Signatory.objects.bulk_create(signatories)
    version_set_status(version=version, actor=actor, status=VersionStatus.OPEN_FOR_SIGNING)
    audit(
        "signing.opened",
        actor=actor,
        obj=ceremony,
        trajectory=ceremony.trajectory_id,
        version=str(version.pk),
        order=order,
        signatories=[str(s.user_id) for s in signatories],
        sha256=ceremony.original_sha256,
    )
    return ceremony


@transaction.atomic
def ceremony_cancel(*, ceremony: Ceremony, actor) -> Ceremony:
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    if ceremony.status != CeremonyStatus.OPEN:
        raise ValidationError(_("Only an open ceremony can be cancelled."))
    if ceremony.signatories.filter(signed_at__isnull=False).exists():
        raise ValidationError(
            _("Someone has already signed: the ceremony can no longer be cancelled.")
        )
    ceremony.status = CeremonyStatus.CANCELLED
    ceremony.save(update_fields=["status", "updated_at"])
    version_set_status(version=ceremony.version, actor=actor, status=VersionStatus.ADOPTED)
    audit("signing.cancelled", actor=actor, obj=ceremony, trajectory=ceremony.trajectory_id)
    return ceremony


@transaction.atomic
def room_code_renew(*, ceremony: Ceremony, actor) -> str:
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    ceremony.room_code = _room_code()
    ceremony.save(update_fields=["room_code", "updated_at"])
    audit("signing.room_code_renewed", actor=actor, obj=ceremony, trajectory=ceremony.trajectory_id)
    return ceremony.room_code


@transaction.atomic
def signatory_unlock(*, signatory: Signatory, actor) -> Signatory:
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    signatory.failed_codes = 0
    signatory.save(update_fields=["failed_codes", "updated_at"])
    audit(
        "signing.unlocked",
        actor=actor,
        obj=signatory,
        trajectory=signatory.ceremony.trajectory_id,
        signatory=str(signatory.pk),
    )
    return signatory


# --- authentication ----------------------------------------------------------------------------


def _check_may_sign(signatory: Signatory, actor) -> None:
    """Everything that must hold before a code is even looked at."""
    if actor is None or signatory.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You can only sign for yourself."))
    ceremony = signatory.ceremony
    if ceremony.status != CeremonyStatus.OPEN or ceremony.version.status != (
        VersionStatus.OPEN_FOR_SIGNING
    ):
        raise ValidationError(_("This version is not open for signing (any more)."))
    if signatory.signed:
        raise ValidationError(_("You have already signed this agreement."))
    if signatory.failed_codes >= MAX_FAILED_CODES:
        raise ValidationError(
            _("Too many wrong codes. Ask the facilitator to unlock signing for you.")
        )
    if ceremony.order == SigningOrder.SEQUENCE:
        waiting_for = (
            ceremony.signatories.filter(position__lt=signatory.position, signed_at__isnull=True)
            .order_by("position")
            .first()
        )
        if waiting_for:
            raise ValidationError(
                _("It is not your turn yet: %(name)s signs before you.")
                % {"name": waiting_for.name}
            )


def email_code_send(*, signatory: Signatory, actor) -> None:
    """A fresh code by e-mail. The codes sent before it stop working, and a signatory gets at
    most MAX_CODES_PER_HOUR of them an hour."""
    _check_may_sign(signatory, actor)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        Signatory.objects.select_for_update().filter(pk=signatory.pk).first()
        recent = EmailCode.objects.filter(
            signatory=signatory, created_at__gt=now - timedelta(hours=1)
        ).count()
        if recent >= MAX_CODES_PER_HOUR:
            raise ValidationError(
                _(
                    "You have asked for a code %(n)d times in the last hour. Use the last "
                    "one, wait a while, or sign in the room."
                )
                % {"n": recent}
            )
        EmailCode.objects.filter(
            signatory=signatory, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        EmailCode.objects.create(
            signatory=signatory,
            code_hash=_code_hash(signatory, code),
            expires_at=timezone.now() + timedelta(minutes=EMAIL_CODE_MINUTES),
        )
        audit(
            "signing.code_sent",
            actor=actor,
            obj=signatory,
            trajectory=signatory.ceremony.trajectory_id,
            method="email",
        )
    language = translation.get_language()
    with translation.override(language):
        send_mail(
            subject=_("Your signing code: %(code)s") % {"code": code},
            message=render_to_string(
                "signing/email/code.txt",
                {"signatory": signatory, "code": code, "minutes": EMAIL_CODE_MINUTES},
            ),
            from_email=None,
            recipient_list=[signatory.user.email],
        )


def _verify_code(signatory: Signatory, method: str, code: str) -> EmailCode | None:
    """Check the code in a transaction of its own, so a wrong attempt is counted even though
    the signature itself does not go ahead."""
    code = (code or "").strip().upper()
    with transaction.atomic():
        locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
        matched = None
        if method == AuthMethod.ROOM:
            ok = bool(code) and hmac.compare_digest(code, signatory.ceremony.room_code)
        elif method == AuthMethod.EMAIL:
            matched = (
                EmailCode.objects.filter(
                    signatory=locked,
                    code_hash=_code_hash(locked, code),
                    used_at__isnull=True,
                    expires_at__gt=timezone.now(),
                )
                .order_by("-created_at")
                .first()
            )
            ok = matched is not None
        else:
            raise ValidationError(_("Choose how you confirm your identity."))
        if ok:
            return matched
        locked.failed_codes += 1
        locked.save(update_fields=["failed_codes", "updated_at"])
        audit(
            "signing.code_rejected",
            actor=locked.user,
            obj=locked,
            trajectory=signatory.ceremony.trajectory_id,
            method=method,
            failed=locked.failed_codes,
        )
        left = MAX_FAILED_CODES - locked.failed_codes
    if left <= 0:
        raise ValidationError(
            _("Too many wrong codes. Ask the facilitator to unlock signing for you.")
        )
    raise ValidationError(
        _("This code is wrong or has expired. You have %(n)d attempts left.") % {"n": left}
    )


def _clean_drawing(drawing: bytes | None) -> bytes | None:
    if not drawing:
        return None
    if len(drawing) > DRAWING_MAX_BYTES or not drawing.startswith(PNG_MAGIC):
        raise ValidationError(_("The drawn signature could not be read; clear it and try again."))
    return drawing


# --- signing -----------------------------------------------------------------------------------


def sign(
    *,
    signatory: Signatory,
    actor,
    method: str,
    code: str,
    confirmed: bool,
    ip_address: str | None = None,
    user_agent: str = "",
    drawing: bytes | None = None,
    notify: bool = True,
) -> Signatory:
    """Sign the ceremony's document as `signatory`. Raises PermissionDenied or ValidationError.
    `notify=False` skips the e-mail to everyone after the last signature (the demo uses it)."""
    signatory = Signatory.objects.select_related("ceremony__version", "user").get(pk=signatory.pk)
    _check_may_sign(signatory, actor)
    if not confirmed:
        raise ValidationError(_("Confirm that you are signing as the person shown."))
    drawing = _clean_drawing(drawing)
    email_code = _verify_code(signatory, method, code)
    with transaction.atomic():
        ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
        signatory = (
            Signatory.objects.select_for_update().select_related("user").get(pk=signatory.pk)
        )
        signatory.ceremony = ceremony
        ceremony.version = Version.objects.get(pk=ceremony.version_id)
        _check_may_sign(signatory, actor)  # again, now that nobody else can sign in between
        now = timezone.now()
        signatory.drawing = drawing
        signatory.auth_method = method
        ca = authority.get()
        started = time.perf_counter()
        issued = ca.issue_signer(
            name=signatory.name,
            organisation=signatory.party_name,
            email=signatory.user.email,
            role=signatory.role,
        )
        before = bytes(ceremony.document)
        after = pades.sign(
            before,
            field_name=signatory.field_name,
            signer=issued,
            authority=ca,
            stamp_pdf=documents.stamp(signatory, now),
            name=signatory.name,
            reason=_("Agreed: %(title)s") % {"title": ceremony.version.title},
        )
        metrics.SIGNING_SECONDS.observe(time.perf_counter() - started)
        signatory.signed_at = now
        signatory.ip_address = ip_address or None
        signatory.user_agent = (user_agent or "")[:400]
        signatory.sha256_before = pades.fingerprint(before)
        signatory.sha256_after = pades.fingerprint(after)
        signatory.certificate_serial = format(issued.certificate.serial_number, "x")
        signatory.save()
        if email_code is not None:
            EmailCode.objects.filter(pk=email_code.pk).update(used_at=now)
        ceremony.document = after
        ceremony.save(update_fields=["document", "updated_at"])
        audit(
            "signing.signed",
            actor=actor,
            obj=signatory,
            trajectory=ceremony.trajectory_id,
            method=method,
            sha256_before=signatory.sha256_before,
            sha256_after=signatory.sha256_after,
            certificate=signatory.certificate_serial,
            ip=signatory.ip_address,
        )
        if not ceremony.signatories.filter(signed_at__isnull=True).exists():
            _complete(ceremony, actor, notify=notify)
    return signatory


def _complete(ceremony: Ceremony, actor, *, notify: bool) -> None:
    """After the last signature: seal, certify the completion, sign the version, tell everyone."""
    ca = authority.get()
    sealed = pades.seal(bytes(ceremony.document), ca)
    ceremony.document = sealed
    ceremony.final_sha256 = pades.fingerprint(sealed)
    ceremony.status = CeremonyStatus.COMPLETE
    ceremony.completed_at = timezone.now()
    signatories = list(ceremony.signatories.select_related("user"))
    certificate = documents.completion_certificate(ceremony, signatories)
    ceremony.completion_certificate = pades.prepare(
        certificate, [], ca, reason=_("Completion certificate sealed by the platform")
    )
    ceremony.save()
    version = ceremony.version
    version_set_status(version=version, actor=actor, status=VersionStatus.SIGNED)
    # The version before this one is history now, whatever state it was left in.
    Version.objects.filter(agreement=version.agreement, number__lt=version.number).exclude(
        status__in=[VersionStatus.SUPERSEDED, VersionStatus.DRAFT]
    ).update(status=VersionStatus.SUPERSEDED, updated_at=timezone.now())
    audit(
        "signing.completed",
        actor=actor,
        obj=ceremony,
        trajectory=ceremony.trajectory_id,
        sha256=ceremony.final_sha256,
    )
    if notify:
        transaction.on_commit(lambda: _send_signed(ceremony.pk))


def _send_signed(ceremony_pk) -> None:
    ceremony = Ceremony.objects.select_related("version", "trajectory").get(pk=ceremony_pk)
    url = settings.SITE_URL.rstrip("/") + reverse(
        "signing:ceremony", args=[ceremony.trajectory_id, ceremony.pk]
    )
    recipients = set(
        Membership.objects.filter(trajectory=ceremony.trajectory).values_list(
            "user__email", flat=True
        )
    )
    recipients |= set(ceremony.signatories.values_list("user__email", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        for email in sorted(recipients):
            send_mail(
                subject=_("Signed by everyone: %(title)s") % {"title": ceremony.version.title},
                message=render_to_string(
                    "signing/email/signed.txt", {"ceremony": ceremony, "url": url}
                ),
                from_email=None,
                recipient_list=[email],
            )
