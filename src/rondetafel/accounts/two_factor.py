"""Two-factor authentication with time-based codes (TOTP, RFC 6238) through django-otp
(ADR 0028): required for facilitators and staff, offered to everyone.

The password alone does not log in someone with a device: the log-in page keeps who gave the
right password in the session (`PENDING`, a few minutes) and the code page logs them in. Someone
who must have a second factor and has none is logged in, but the middleware keeps every page but
the set-up page from them until they have one (`SETUP_REQUIRED`)."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from rondetafel.core.audit import audit_record

PENDING = "rt_2fa_pending"
SETUP_REQUIRED = "rt_2fa_setup_required"

# Predicates apps register (trajectories: facilitates a trajectory) telling who must have one.
required_for: list[Callable[[object], bool]] = [lambda user: bool(user.is_staff)]


def is_required(user) -> bool:
    return settings.TWO_FACTOR_FOR_FACILITATORS and any(rule(user) for rule in required_for)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def after_password(request, user, next_url: str) -> str | None:
    """After a right password: the code page's name when a code is needed (nobody is logged in
    yet), else None (log in now)."""
    if confirmed_device(user) is None:
        return None
    request.session[PENDING] = {
        "user": str(user.pk),
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "at": time.time(),
        "wrong": 0,
    }
    return "accounts:login_code"


def after_login(request, user) -> bool:
    """Right after a log-in without a code: True when a device must be set up first."""
    if is_required(user) and confirmed_device(user) is None:
        request.session[SETUP_REQUIRED] = True
        return True
    return False


def pending(request) -> dict | None:
    data = request.session.get(PENDING)
    if not data or time.time() - data.get("at", 0) > settings.TWO_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return data


def check_code(request, user, code: str) -> tuple[TOTPDevice | None, str]:
    """(the device that accepted it, or None and why not). The code of the user's device,
    throttled by django-otp (each wrong code doubles the wait) and counted: after
    TWO_FACTOR_CODE_ATTEMPTS the password must be given again. A code is accepted once
    (django-otp refuses a replay)."""
    device = confirmed_device(user)
    if device is None:
        return None, "no-device"
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return None, "wait"
    accepted = verify_token(user, device.persistent_id, "".join(code.split()))
    if accepted is None:
        data = request.session.get(PENDING)
        if data is not None:
            data["wrong"] = data.get("wrong", 0) + 1
            if data["wrong"] >= settings.TWO_FACTOR_CODE_ATTEMPTS:
                request.session.pop(PENDING, None)
                return None, "start-again"
            request.session[PENDING] = data
        return None, "wrong"
    return accepted, ""


# --- set-up -------------------------------------------------------------------------------------


def setup_device(user) -> TOTPDevice:
    """The device being set up: an unconfirmed one, made once and kept until it is confirmed, so
    reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def key_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code (segno escapes nothing it is given: the address
    is built by django-otp from the key and our issuer, no user input but the e-mail address,
    which it quotes)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000")


@transaction.atomic
def confirm(request, user, code: str) -> tuple[bool, str]:
    """(turned on, why not): the first code from the app confirms the device being set up."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        return False, "wrong"
    if not device.verify_is_allowed()[0]:
        return False, "wait"
    if not device.verify_token("".join(code.split())):
        return False, "wrong"
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one device: the new one
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session.pop(SETUP_REQUIRED, None)
    audit_record(action="user.two_factor_enabled", actor=user, obj=user)
    return True, ""


@transaction.atomic
def disable(user, code: str) -> bool:
    """Turn it off (only for someone not required to have it), with a current code."""
    device = confirmed_device(user)
    if device is None or is_required(user) or not device.verify_token("".join(code.split())):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(action="user.two_factor_disabled", actor=user, obj=user)
    return True


def enabled_since(user):
    device = confirmed_device(user)
    return device.created_at if device is not None else None
