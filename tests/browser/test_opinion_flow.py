"""The opinion landscape in a real browser: twelve people have voted in two camps that cut
across the sides; two more join on phones and vote. The facilitator's live landscape and the
presenter screen gain their dots and a new common-ground statement without a reload."""

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}
SHARED = "Samen de straat inrichten loont"
CAMP_A = ["Eerst een pilot", "Snel beginnen", "Fouten mogen"]
CAMP_B = ["Eerst afspraken op papier", "Een stuurgroep is nodig", "Risico's vermijden"]


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(created_by=facilitator, title="Herijking", question="Samen?")
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Stellingenronde")
    voting = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Hoe werken we samen?",
        options_text="\n".join([SHARED, *CAMP_A, *CAMP_B]),
    )
    ws.activity_set_status(activity=voting, actor=facilitator, status="open")
    statements = {s.text: s for s in voting.statements.all()}
    for i in range(12):
        person, _key = ws.participant_join(
            workshop=workshop, display_name="", side="municipality" if i < 6 else "market"
        )
        camp_a = i % 2 == 0
        for text in CAMP_A + CAMP_B:  # nobody has voted on the shared statement yet
            agree = (text in CAMP_A) == camp_a
            ws.respond(
                activity=voting,
                participant=person,
                item=str(statements[text].pk),
                value="agree" if agree else "disagree",
            )
    return t, workshop, voting


def _join_and_vote(browser, base, code, side_label, camp):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{base}/j/{code}/")
    page.get_by_label(side_label).check()
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_role("heading", name="Hoe werken we samen?")).to_be_visible()
    assert_accessible(page)
    for _ in range(7):
        text = page.locator(".rt-statement").inner_text().strip("“”")
        agree = text == SHARED or text in camp
        page.get_by_role("button", name="Eens" if agree else "Oneens", exact=True).click()
        expect(page.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("U hebt over elke stelling gestemd.")).to_be_visible()
    return page


def test_votes_from_phones_change_the_map_and_the_common_ground_live(live_server, browser):
    t, workshop, voting = _setup()
    base = live_server.url

    facilitator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(facilitator, base, "begeleider@test.example", PASSWORD)
    facilitator.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    facilitator.get_by_role("link", name=re.compile(r"Meningenlandschap \(live\)")).click()
    dots = facilitator.locator("circle.rt-opinion__dot")
    expect(dots).to_have_count(12)
    common = facilitator.locator("[data-opinion=common-ground]")
    expect(common).not_to_contain_text(SHARED)
    groups = facilitator.locator("table.rt-opinion__sides")
    expect(groups).to_contain_text("Groep A")
    expect(groups).to_contain_text("Groep B")
    assert_accessible(facilitator)

    screen = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    log_in(screen, base, "begeleider@test.example", PASSWORD)
    screen.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/screen/")
    expect(screen.locator("circle.rt-opinion__dot")).to_have_count(12)
    assert_accessible(screen)

    _join_and_vote(browser, base, workshop.join_code, "Gemeente", CAMP_A)
    _join_and_vote(browser, base, workshop.join_code, "Markt / mkb", CAMP_B)

    # No reload: both views follow the votes.
    expect(dots).to_have_count(14, timeout=15_000)
    expect(common).to_contain_text(SHARED, timeout=15_000)
    expect(screen.locator("circle.rt-opinion__dot")).to_have_count(14, timeout=15_000)
    expect(screen.locator("[data-opinion=common-ground]")).to_contain_text(SHARED)
    # Each opinion group holds both sides: the groups cut across municipality and market.
    for row in groups.locator("tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        assert not any(c.startswith("0 ") for c in cells[1:]), cells
    assert_accessible(facilitator)
    assert_accessible(screen)
