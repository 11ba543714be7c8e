"""A facilitator's log-in with a second factor, in a real browser on a phone: the first time
they set up the authenticator app (QR code and key), after that the password alone does not let
them in; a wrong code is refused in words, the right one opens their trajectories."""

import base64
import time

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, authenticator_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}


def _password(page, base):
    page.goto(f"{base}/account/login/")
    page.get_by_label("E-mailadres").fill("begeleider@test.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_set_up_once_then_password_and_code(live_server, browser):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    ts.trajectory_create(created_by=facilitator, title="Boomgaardshoek", question="Welke regels?")
    base = live_server.url
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()

    # First time: the set-up, and nothing else until it is done.
    _password(page, base)
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    expect(page.get_by_text("Als procesbegeleider logt u in met uw wachtwoord")).to_be_visible()
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{base}/trajectories/")
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code uit uw app").fill(authenticator_code(key_bytes))
    page.get_by_role("button", name="Aanzetten").click()
    expect(page.get_by_text("Tweestapsverificatie staat aan.")).to_be_visible()
    expect(page.get_by_role("heading", name="Uw trajecten")).to_be_visible()

    # Log out; the password alone now leads to the code page.
    page.get_by_role("button", name="Uitloggen").click()
    _password(page, base)
    expect(page.get_by_role("heading", name="Inloggen: code")).to_be_visible()
    page.goto(f"{base}/trajectories/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()  # not logged in
    _password(page, base)
    page.get_by_label("Code uit uw app").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The right code (the next window's: the set-up used this one, and a wrong code makes the
    # device wait a second first).
    device = TOTPDevice.objects.get(user=facilitator, confirmed=True)
    page.wait_for_timeout(1100)
    counter = max(int(time.time()) // 30, device.last_t + 1)
    page.get_by_label("Code uit uw app").fill(authenticator_code(device.bin_key, counter))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Uw trajecten")).to_be_visible()
    expect(page.get_by_role("link", name="Boomgaardshoek")).to_be_visible()
