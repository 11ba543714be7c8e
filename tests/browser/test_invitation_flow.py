"""The first thing a facilitator does: open a trajectory and invite someone. Real Chromium,
real server, axe-core on every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import assert_accessible, assert_layout, log_in, pass_second_factor
from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE, DEMO_PASSWORD, DORDRECHT_TITLE, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, email, password):
    page.goto(f"{base}/account/login/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    pass_second_factor(page, email)


def test_facilitator_invites_a_participant_who_sees_only_that_trajectory(live_server, page):
    load_demo()
    base = live_server.url

    page.goto(base + "/")
    assert_accessible(page)
    _log_in(page, base, "marieke.de.vries@demo.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Uw trajecten")).to_be_visible()
    expect(page.get_by_role("link", name=BOOMGAARDSHOEK_TITLE)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=DORDRECHT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DORDRECHT_TITLE)
    expect(page.get_by_text("2 partijen van 2 kanten aan tafel")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mensen").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Iemand uitnodigen").click()
    assert_accessible(page)
    page.get_by_label("Volledige naam").fill("Zoë van den Broek")
    page.get_by_label("E-mailadres").fill("zoe.vandenbroek@demo.example")
    page.get_by_label("Rol").select_option("participant")
    page.get_by_label("Partij").select_option(label="Stichting GWW Drechtsteden")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(
        page.get_by_text("Er is een uitnodiging verstuurd naar zoe.vandenbroek@demo.example")
    ).to_be_visible()
    assert_accessible(page)

    # The e-mail, read from the outbox.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zoe.vandenbroek@demo.example"]
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)

    # The participant, in a browser of their own.
    participant = page.context.browser.new_context().new_page()
    participant.goto(link)
    expect(participant.get_by_role("heading", level=1)).to_contain_text(DORDRECHT_TITLE)
    assert_accessible(participant)
    participant.get_by_label("Kies een wachtwoord").fill("Mijn-Eigen-Wachtwoord-9")
    participant.get_by_label("Herhaal het wachtwoord").fill("Mijn-Eigen-Wachtwoord-9")
    participant.get_by_role("button", name="Uitnodiging accepteren").click()
    expect(participant.get_by_text(f"Welkom bij {DORDRECHT_TITLE}.")).to_be_visible()
    assert_accessible(participant)

    participant.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Trajecten"
    ).click()
    expect(participant.get_by_role("link", name=DORDRECHT_TITLE)).to_be_visible()
    expect(participant.get_by_role("link", name=BOOMGAARDSHOEK_TITLE)).to_have_count(0)
    assert_accessible(participant)

    # The other trajectory is closed to them even by its address.
    from rondetafel.trajectories.models import Trajectory

    other = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
    response = participant.goto(f"{base}/trajectories/{other.pk}/")
    assert response.status == 403
    assert_accessible(participant)


def test_english_and_phone_sized(live_server, page):
    load_demo()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("E-mail address").fill("annie.van.dam@demo.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "annie.van.dam@demo.example")
    expect(page.get_by_role("heading", name="Your trajectories")).to_be_visible()
    page.get_by_role("link", name=BOOMGAARDSHOEK_TITLE).click()
    expect(page.get_by_role("heading", name="Progress through the five steps")).to_be_visible()
    assert_accessible(page)
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_too_many_wrong_passwords_lock_the_account_here_and_say_what_to_do(live_server, page):
    """On a phone: five wrong passwords, then the page says why even the right one is refused,
    and how to get in (a new password by mail)."""
    load_demo()
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    for _ in range(4):
        _log_in(page, base, "marieke.de.vries@demo.example", "verkeerd")
        expect(page.get_by_text("horen niet bij elkaar")).to_be_visible()
    _log_in(page, base, "marieke.de.vries@demo.example", "verkeerd")
    expect(page.get_by_role("heading", name="Te veel pogingen")).to_be_visible()
    _log_in(page, base, "marieke.de.vries@demo.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Te veel pogingen")).to_be_visible()
    expect(page.get_by_text("Wacht vijftien minuten")).to_be_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    page.get_by_role("link", name="Kies een nieuw via e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/account/password-reset/" in page.url


def test_a_facilitator_with_many_trajectories_searches_and_pages_on_a_phone(live_server, page):
    """45 trajectories: the list shows 20 at a time, the search finds one by a word in its
    question, and the pager and the search field fit a phone (390 px) with nothing flagged."""
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts

    user = user_create(
        email="veel@test.example", full_name="Veel Trajecten", password="Heel-Geheim-2026"
    )
    for i in range(45):
        ts.trajectory_create(
            created_by=user,
            title=f"Wijkafspraken {i:02d}",
            question="Wie beheert de speeltuin?" if i == 31 else "Hoe verder?",
        )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "veel@test.example", "Heel-Geheim-2026")
    expect(page.get_by_text("45 trajecten", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_count(20)
    pager = page.get_by_role("navigation", name="Pagina’s")
    expect(pager).to_contain_text("Pagina 1 van 3")
    assert_layout(page)
    assert_accessible(page)
    pager.get_by_role("link", name="Volgende pagina").click()
    expect(page.get_by_role("heading", name="Wijkafspraken 20")).to_be_visible()

    search = page.get_by_role("search", name="Trajecten zoeken")
    search.get_by_label("Zoeken").fill("speeltuin")
    search.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("1 traject gevonden")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_text(["Wijkafspraken 31"])
    assert_layout(page)
    assert_accessible(page)
    page.get_by_role("link", name="Alles tonen").click()
    expect(page.get_by_text("45 trajecten", exact=True)).to_be_visible()
