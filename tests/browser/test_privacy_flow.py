"""Privacy as people meet it, in a real browser: a phone sees what is kept before it joins a
session; a participant asks to be erased on their phone, the facilitator carries it out on a
desktop, and the participant's session ends."""

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    resident = user_create(email="fenna@test.example", full_name="Fenna Verbeek", password=PASSWORD)
    trajectory = ts.trajectory_create(
        created_by=facilitator, title="Boomgaardshoek", question="Welke regels zelf?"
    )
    party = ts.party_create(
        trajectory=trajectory, actor=facilitator, name="Bewoners", side=Side.RESIDENTS
    )
    ts.membership_create(
        trajectory=trajectory, user=resident, role=Role.PARTICIPANT, party=party, actor=facilitator
    )
    workshop = ws.workshop_create(trajectory=trajectory, actor=facilitator, title="Avond")
    return trajectory, workshop


def _no_wider_than_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_phone_reads_what_is_kept_before_it_joins(live_server, browser):
    _trajectory, workshop = _setup()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
    notice = phone.get_by_role("region", name="Wat we bewaren")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("u mag die leeg laten")
    expect(notice).to_contain_text("nooit met uw naam")
    join = phone.get_by_role("button", name="Meedoen")
    # Read before the button: the notice sits above it.
    assert notice.bounding_box()["y"] < join.bounding_box()["y"]
    assert_accessible(phone)
    _no_wider_than_the_phone(phone)

    phone.get_by_role("link", name="Privacy: wat we bewaren en uw rechten").click()
    expect(phone.get_by_role("heading", level=1, name="Privacy")).to_be_visible()
    expect(phone.get_by_role("heading", name="Uw rechten")).to_be_visible()
    assert_accessible(phone)
    _no_wider_than_the_phone(phone)


def test_asked_on_a_phone_erased_by_the_facilitator_and_logged_out(live_server, browser):
    trajectory, _workshop = _setup()
    base = live_server.url

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, base, "fenna@test.example", PASSWORD)
    phone.goto(f"{base}/account/")
    expect(phone.get_by_role("heading", name="Mijn gegevens laten verwijderen")).to_be_visible()
    phone.get_by_role("button", name="Vraag om verwijdering").click()
    expect(phone.get_by_text("Uw verzoek is vastgelegd.")).to_be_visible()
    expect(phone.get_by_role("button", name="Vraag om verwijdering")).to_have_count(0)
    assert_accessible(phone)
    _no_wider_than_the_phone(phone)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)
    desk.goto(f"{base}/trajectories/{trajectory.pk}/people/")
    expect(desk.get_by_role("heading", name="Verzoeken om verwijdering")).to_be_visible()
    desk.get_by_role("link", name="Verzoek van Fenna Verbeek uitvoeren").click()
    expect(desk.get_by_role("heading", name="Fenna Verbeek verwijderen")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("button", name="Fenna Verbeek nu verwijderen").click()
    expect(
        desk.get_by_text("Klaar: deze persoon heet nu overal Verwijderde persoon")
    ).to_be_visible()
    people = desk.get_by_role("table")
    expect(people).to_contain_text("Verwijderde persoon")
    expect(people).not_to_contain_text("Fenna")
    assert_accessible(desk)

    # The phone's next page: logged out, and the old password no longer opens the account.
    phone.goto(f"{base}/account/")
    expect(phone.get_by_role("heading", name="Inloggen")).to_be_visible()
    phone.get_by_label("E-mailadres").fill("fenna@test.example")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    expect(phone.get_by_role("heading", name="Inloggen")).to_be_visible()
