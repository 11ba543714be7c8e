"""Two-factor authentication (TOTP): required for facilitators, offered to everyone; the password
alone does not log in someone with a device; wrong codes are throttled; a code works once."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import client_for

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Geheim-123"


def code_for(device: TOTPDevice, step_offset: int = 0) -> str:
    """What the person's authenticator app shows (RFC 6238), `step_offset` windows on."""
    counter = int(time.time()) // device.step + step_offset
    return f"{hotp(device.bin_key, counter, digits=6):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def _password(email: str, client: Client | None = None):
    client = client or Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    return client, response


def _waited(device: TOTPDevice) -> None:
    """As if the throttle's wait after a wrong code has passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


def _logged_in(client: Client) -> bool:
    return client.get(reverse("trajectories:list")).status_code == 200


def test_a_facilitator_without_a_device_sets_one_up_before_anything_else(world):
    client, response = _password("facilitator@test.example")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:two_factor_setup"
    )
    # Every other page sends them back to the set-up.
    page = client.get(reverse("trajectories:detail", args=[world.trajectory.pk]))
    assert page.status_code == 302 and page["Location"] == reverse("accounts:two_factor_setup")
    setup = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in setup and "Sleutel:" in setup
    device = TOTPDevice.objects.get(user=world.users["facilitator"], confirmed=False)
    # A reload shows the same key.
    assert (
        client.get(reverse("accounts:two_factor_setup"))
        .content.decode()
        .count(setup.split('id="totp-key">')[1].split("<")[0])
    )
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    bad = client.post(reverse("accounts:two_factor_setup"), {"code": "12ab"})
    assert "Typ de zes cijfers" in bad.content.decode()
    too_soon = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert "wacht even" in too_soon.content.decode()  # the throttle after the wrong code
    _waited(device)
    done = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("trajectories:detail", args=[world.trajectory.pk])).status_code == 200


def test_with_a_device_the_password_alone_does_not_log_in(world):
    device = _device(world.users["facilitator"])
    client, response = _password("facilitator@test.example")
    assert response["Location"] == reverse("accounts:login_code")
    assert not _logged_in(client)
    page = client.post(reverse("accounts:login_code"), {"code": "123 456"})
    assert "Deze code klopt niet" in page.content.decode() or code_for(device) == "123456"
    assert not _logged_in(client)
    _waited(device)
    right = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert right.status_code == 302
    assert _logged_in(client)


def test_a_code_works_once(world):
    device = _device(world.users["observer"])
    code = code_for(device)
    first, _r = _password("observer@test.example")
    first.post(reverse("accounts:login_code"), {"code": code})
    assert _logged_in(first)
    second, _r = _password("observer@test.example")
    replay = second.post(reverse("accounts:login_code"), {"code": code})
    assert replay.status_code == 200 and not _logged_in(second)


def test_wrong_codes_are_throttled_then_the_password_is_asked_again(world):
    device = _device(world.users["observer"])
    client, _r = _password("observer@test.example")
    first = client.post(reverse("accounts:login_code"), {"code": "000000"}).content.decode()
    assert "Deze code klopt niet" in first or code_for(device) == "000000"
    # At once again: django-otp's throttle refuses to even check it.
    waiting = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert "Te veel verkeerde codes" in waiting.content.decode()
    assert not _logged_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    # Five wrong codes in all (the throttle lifted between them): give the password again.
    for _ in range(4):
        _waited(device)
        last = client.post(reverse("accounts:login_code"), {"code": "999999"})
    assert last.status_code == 302 and last["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:login_code")).status_code == 302


def test_the_code_must_follow_the_password_within_minutes(world, settings):
    device = _device(world.users["observer"])
    client, _r = _password("observer@test.example")
    session = client.session
    session["rt_2fa_pending"]["at"] -= settings.TWO_FACTOR_PENDING_SECONDS + 1
    session.save()
    late = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert late.status_code == 302 and late["Location"] == reverse("accounts:login")
    assert not _logged_in(client)


def test_participants_may_turn_it_on_and_off_facilitators_may_not_turn_it_off(world):
    participant = client_for(world, "participant")
    page = participant.get(reverse("accounts:account")).content.decode()
    assert "Tweestapsverificatie instellen" in page
    participant.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.users["participant"])
    participant.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    page = participant.get(reverse("accounts:account")).content.decode()
    assert "Aan sinds" in page and "Uitzetten" in page
    participant.post(reverse("accounts:two_factor_disable"), {"off-code": code_for(device, 1)})
    assert not TOTPDevice.objects.filter(user=world.users["participant"]).exists()

    facilitator = client_for(world, "facilitator")
    facilitator.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.users["facilitator"])
    facilitator.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert "Uitzetten" not in facilitator.get(reverse("accounts:account")).content.decode()
    facilitator.post(reverse("accounts:two_factor_disable"), {"off-code": code_for(device, 1)})
    assert TOTPDevice.objects.filter(user=world.users["facilitator"], confirmed=True).exists()


def test_the_personal_data_export_holds_no_authenticator_key(world):
    import io
    import zipfile

    device = _device(world.users["participant"])
    archive = zipfile.ZipFile(
        io.BytesIO(client_for(world, "participant").get(reverse("accounts:personal_data")).content)
    )
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert "otp_totp.totpdevice" in " ".join(archive.namelist())
    assert device.key not in everything


def test_a_facilitator_invited_with_a_new_account_sets_it_up_first(world):
    from rondetafel.trajectories.services import invitation_create

    _inv, token = invitation_create(
        trajectory=world.trajectory,
        email="nieuw@test.example",
        full_name="Nieuwe Begeleider",
        role="facilitator",
        invited_by=world.users["facilitator"],
    )
    client = Client()
    response = client.post(
        reverse("trajectories:invitation", args=[token]),
        {"password1": "Nieuw-Wachtwoord-2026", "password2": "Nieuw-Wachtwoord-2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:two_factor_setup"
    )
