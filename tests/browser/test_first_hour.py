"""The first hour of a live session, in a real browser against the real ASGI server (pages and
WebSockets): the facilitator opens the session from the console, the presenter view (full
screen, no app chrome) shows how to join, two phones join and answer without a page load, the
facilitator drives the screen with the keyboard, the charts follow, and closing the session
reaches every phone and the screen by itself."""

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, assert_layout, log_in

pytestmark = [pytest.mark.browser]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(created_by=facilitator, title="Herijking", question="Hoe verder?")
    ts.party_create(trajectory=t, actor=facilitator, name="Gemeente Dordrecht", side="municipality")
    ts.party_create(
        trajectory=t, actor=facilitator, name="Stichting GWW", side="market", side_label="mkb GWW"
    )
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Verdiepingssessie")
    ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="poll_single",
        title="Hoe staat de samenwerking ervoor?",
        options_text="Sterk\nRedelijk\nZwak",
    )
    ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen",
        options_text="We delen kennis open\nDe gemeente betrekt ons vroeg genoeg",
    )
    return t, workshop


def _phone(browser, base, code, side_label):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{base}/j/{code}/")
    # Only the two sides at this table, by the names their parties use.
    sides = page.locator("input[name=side]")
    expect(sides).to_have_count(2)
    expect(page.get_by_label("mkb GWW")).to_be_visible()
    page.get_by_label(side_label).check()
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("body[data-ws=open]")).to_have_count(1, timeout=10_000)
    return page


def _navigations(page) -> list:
    seen: list = []
    page.on(
        "framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None
    )
    return seen


def test_open_answer_without_reloading_drive_the_screen_and_close(asgi_server, browser):
    t, workshop = _setup()
    base = asgi_server

    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(console, base, "begeleider@test.example", PASSWORD)
    console.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    console.get_by_role("button", name="Sessie openen").click()
    expect(console.get_by_role("heading", name="Sessie: Bezig")).to_be_visible()
    assert_accessible(console)
    assert_layout(console)

    screen = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    log_in(screen, base, "begeleider@test.example", PASSWORD)
    screen.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/screen/")
    expect(screen.locator("header")).to_have_count(0)  # no app chrome on the projector
    live = screen.locator("[data-live-region]")
    expect(live.get_by_text("Scan om mee te doen met uw telefoon")).to_be_visible()
    expect(live.locator(".rt-presenter__code")).to_have_text(workshop.join_code)
    expect(screen.locator("body[data-ws=open]")).to_have_count(1, timeout=10_000)
    assert_accessible(screen)
    assert_layout(screen)

    olga = _phone(browser, base, workshop.join_code, "Gemeente")
    omar = _phone(browser, base, workshop.join_code, "mkb GWW")
    expect(live.get_by_text("2 deelnemers")).to_be_visible(timeout=10_000)

    # The facilitator moves on with the keyboard, as with a presentation clicker.
    screen.keyboard.press("ArrowRight")
    expect(screen.get_by_role("heading", name="Hoe staat de samenwerking ervoor?")).to_be_visible(
        timeout=10_000
    )
    for phone, choice in ((olga, "Redelijk"), (omar, "Redelijk")):
        expect(
            phone.get_by_role("heading", name="Hoe staat de samenwerking ervoor?")
        ).to_be_visible(timeout=10_000)
        # Before answering, a phone does not see the room's answers.
        expect(phone.get_by_text("Uitkomsten tot nu toe")).to_have_count(0)
        navigations = _navigations(phone)
        phone.evaluate("window.__stillHere = true")
        phone.get_by_label(choice).check()
        phone.get_by_role("button", name="Versturen").click()
        expect(phone.locator("[data-answer-status]")).to_have_text("Uw antwoord is vastgelegd.")
        expect(phone.get_by_text("Uitkomsten tot nu toe")).to_be_visible()
        assert phone.evaluate("window.__stillHere === true") and navigations == []
        ms = int(phone.evaluate("document.body.getAttribute('data-last-answer-ms')"))
        print(f"tap to confirmed over the WebSocket: {ms} ms")
        assert_accessible(phone)
        assert_layout(phone)

    # A phone without scripts answers by posting the form (the fallback), in Dutch, and sees
    # its answer recorded on the page that follows.
    plain = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    plain.goto(f"{base}/j/{workshop.join_code}/")
    plain.get_by_label("Gemeente").check()
    plain.get_by_role("button", name="Meedoen").click()
    plain.get_by_label("Sterk").check()
    plain.get_by_role("button", name="Versturen").click()
    expect(plain.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    expect(plain.get_by_text("Uitkomsten tot nu toe")).to_be_visible()
    # (axe needs scripts; the same page is checked on the phones with scripts.)

    chart = screen.locator("svg.rt-barchart")
    expect(chart).to_be_visible(timeout=10_000)
    expect(chart).to_contain_text("2 · 67%")  # two of three phones chose "Redelijk"
    assert_accessible(screen)
    assert_layout(screen)

    screen.keyboard.press("h")
    expect(screen.get_by_text("De uitkomsten worden later getoond.")).to_be_visible(timeout=10_000)
    screen.keyboard.press("s")
    expect(chart).to_be_visible(timeout=10_000)

    # Statement voting: a tap is a vote; the next statement appears without a page load.
    screen.keyboard.press("ArrowRight")
    expect(screen.get_by_role("heading", name="Stellingen")).to_be_visible(timeout=10_000)
    expect(omar.get_by_role("heading", name="Stellingen")).to_be_visible(timeout=10_000)
    navigations = _navigations(omar)
    first = omar.locator(".rt-statement").inner_text()
    omar.get_by_role("button", name="Eens", exact=True).click()
    expect(omar.locator(".rt-statement")).not_to_have_text(first, timeout=10_000)
    omar.get_by_role("button", name="Oneens", exact=True).click()
    expect(omar.get_by_text("U hebt over elke stelling gestemd.")).to_be_visible(timeout=10_000)
    assert navigations == []
    expect(screen.locator("svg.rt-barchart")).to_contain_text("100%", timeout=10_000)

    # Closing the session reaches the phones and the screen without a reload.
    console.reload()
    console.get_by_role("button", name="Sessie sluiten").click()
    expect(console.get_by_role("button", name="Sessie heropenen")).to_be_visible()
    expect(console.get_by_role("button", name=re.compile("^Starten"))).to_have_count(0)
    for phone in (olga, omar):
        expect(phone.get_by_text("Deze sessie is afgelopen.")).to_be_visible(timeout=10_000)
    expect(screen.get_by_text("Deze sessie is afgelopen. Bedankt voor uw deelname.")).to_be_visible(
        timeout=10_000
    )
    latecomer = browser.new_context(viewport=PHONE).new_page()
    latecomer.goto(f"{base}/j/{workshop.join_code}/")
    expect(latecomer.get_by_text("Deze sessie is afgelopen.")).to_be_visible()
    expect(latecomer.get_by_role("button", name="Meedoen")).to_have_count(0)
    assert_accessible(latecomer)
