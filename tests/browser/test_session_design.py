"""Designing a session in a real browser: blocks dragged into a new order with the mouse and
moved with the keyboard's buttons, the times following; axe on the console."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"


def test_drag_and_keyboard_reorder_the_agenda(live_server, browser):
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(email="b@test.example", full_name="Bea", password=PASSWORD)
    t = ts.trajectory_create(created_by=facilitator, title="Avond", question="?")
    starts = datetime.datetime(2027, 3, 4, 19, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Avond", starts_at=starts)
    for title, minutes in (("Welkom", 10), ("Stellingen", 30), ("Afsluiting", 15)):
        ws.block_add(workshop=workshop, actor=None, kind="plenary", title=title, minutes=minutes)
    for title in ("Eerste vraag", "Tweede vraag"):
        ws.activity_add(workshop=workshop, actor=None, kind="wordcloud", title=title)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "b@test.example", PASSWORD)
    page.goto(f"{live_server.url}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    agenda = page.locator("ol.rt-agenda > li")
    expect(agenda.first).to_contain_text("19:00")
    assert_accessible(page)

    # The mouse: "Afsluiting" dragged onto "Welkom" goes first.
    agenda.filter(has_text="Afsluiting").locator("[data-sortable-handle]").drag_to(
        agenda.filter(has_text="Welkom")
    )
    expect(page.get_by_text("De agenda heeft een nieuwe volgorde")).to_be_visible()
    titles = [re.sub(r"\s+", " ", t) for t in page.locator("ol.rt-agenda > li").all_inner_texts()]
    assert titles[0].startswith("19:00–19:15 Afsluiting"), titles
    assert "19:15–19:25 Welkom" in titles[1]

    # The keyboard: "Stellingen" one place earlier, with its button.
    page.get_by_role("button", name=re.compile("^Eerder.*Stellingen")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("ol.rt-agenda > li").nth(1)).to_contain_text("Stellingen")
    expect(page.locator("ol.rt-agenda > li").nth(1)).to_contain_text("19:15–19:45")
    assert_accessible(page)

    # Activities too: the second question dragged by its title above the first.
    cards = page.locator(".rt-activities > section")
    cards.filter(has_text="Tweede vraag").locator("[data-sortable-handle]").drag_to(
        cards.filter(has_text="Eerste vraag")
    )
    expect(page.get_by_text("De activiteiten hebben een nieuwe volgorde.")).to_be_visible()
    expect(page.locator(".rt-activities > section h3").first).to_have_text("Tweede vraag")
