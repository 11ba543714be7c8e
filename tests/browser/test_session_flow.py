"""A live session in a real browser: the facilitator runs it from the console, the presenter
screen shows the join code and QR, two participants join on phones by code, vote, and one
submits a statement that is moderated in; the screen's results change without a reload."""

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(
        created_by=facilitator, title="Herijking", question="Hoe verder samen?"
    )
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Verdiepingssessie")
    return t, workshop


def _join(browser, base, code, name, side_label):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{base}/j/")
    assert_accessible(page)
    page.get_by_label("Sessiecode").fill(code.lower())
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Uw naam").fill(name)
    page.get_by_label(side_label).check()
    assert_accessible(page)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_role("heading", name="Wachten op de procesbegeleider")).to_be_visible()
    return page


def test_join_vote_moderate_and_see_results_live(live_server, browser):
    t, workshop = _setup()
    base = live_server.url

    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(console, base, "begeleider@test.example", PASSWORD)
    console.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    console.locator("#add-activity-heading").scroll_into_view_if_needed()
    activity_form = console.locator(
        "form", has=console.get_by_role("button", name="Activiteit toevoegen")
    )
    activity_form.get_by_label("Soort").select_option("statements")
    activity_form.get_by_label("Vraag of titel").fill("Stellingen over samenwerken")
    activity_form.get_by_label("Opties of stellingen").fill(
        "De gemeente betrekt ons vroeg genoeg\nWe delen kennis open"
    )
    activity_form.get_by_role("button", name="Activiteit toevoegen").click()
    expect(console.get_by_text("De activiteit is toegevoegd.")).to_be_visible()
    assert_accessible(console)

    screen = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    log_in(screen, base, "begeleider@test.example", PASSWORD)
    screen.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/screen/")
    expect(screen.locator("[data-live-region] svg.rt-qr")).to_be_visible()
    expect(screen.get_by_text(workshop.join_code).first).to_be_visible()
    assert_accessible(screen)

    omar = _join(browser, base, workshop.join_code, "Omar", "Markt / mkb")
    olga = _join(browser, base, workshop.join_code, "", "Gemeente")
    expect(screen.get_by_text("2 deelnemers")).to_be_visible(timeout=10_000)

    console.get_by_role("button", name=re.compile("Starten.*Stellingen over samenwerken")).click()
    # the phones follow by themselves
    expect(omar.get_by_role("heading", name="Stellingen over samenwerken")).to_be_visible(
        timeout=10_000
    )
    assert_accessible(omar)
    first = omar.locator(".rt-statement").inner_text()
    omar.get_by_role("button", name="Eens", exact=True).click()
    expect(omar.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    expect(omar.locator(".rt-statement")).not_to_have_text(first)

    # Olga proposes a statement; it waits for moderation
    expect(olga.get_by_role("heading", name="Stellingen over samenwerken")).to_be_visible(
        timeout=10_000
    )
    olga.get_by_label("Voeg zelf een stelling toe").fill(
        "Meer ruimte voor innovatie in aanbestedingen"
    )
    olga.get_by_role("button", name="Stelling indienen").click()
    expect(olga.get_by_text(re.compile("De procesbegeleider bekijkt uw stelling"))).to_be_visible()
    assert_accessible(olga)

    screen_table = screen.locator("table.rt-results")
    expect(screen_table).to_contain_text("1 (100%)", timeout=10_000)  # Omar's vote, no reload
    expect(screen_table).not_to_contain_text("innovatie")

    console.reload()
    console.get_by_role("button", name=re.compile("Tonen.*Meer ruimte voor innovatie")).click()
    expect(screen_table).to_contain_text(
        "Meer ruimte voor innovatie in aanbestedingen", timeout=10_000
    )
    assert_accessible(screen)

    # Olga votes on the new statement and the screen follows
    olga.reload()
    for _ in range(3):
        if olga.locator(".rt-statement").count() == 0:
            break
        olga.get_by_role("button", name="Oneens", exact=True).click()
        expect(olga.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    expect(olga.get_by_text("U hebt over elke stelling gestemd.")).to_be_visible()
    row = screen_table.locator("tr", has_text="Meer ruimte voor innovatie")
    expect(row).to_contain_text("1 (100%)", timeout=10_000)

    # equality of voice on the console: counts per side, no names
    console.reload()
    voice = console.locator(
        "section", has=console.get_by_role("heading", name="Gelijkwaardigheid van inbreng")
    )
    expect(voice).to_contain_text("Gemeente")
    expect(voice).not_to_contain_text("Omar")
    assert_accessible(console)


def test_sub_session_round_assigns_groups_each_participant_sees_theirs(live_server, browser):
    from rondetafel.workshops import services as ws

    t, workshop = _setup()
    base = live_server.url
    block = ws.block_add(
        workshop=workshop, actor=None, kind="subsessions", title="Deelsessies", minutes=45
    )
    phones = [
        _join(browser, base, workshop.join_code, name, side)
        for name, side in (
            ("Omar", "Markt / mkb"),
            ("Olga", "Gemeente"),
            ("Mila", "Markt / mkb"),
            ("Gijs", "Gemeente"),
        )
    ]
    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(console, base, "begeleider@test.example", PASSWORD)
    console.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    round_box = console.locator(
        "section", has=console.get_by_role("heading", name="Groepen: Deelsessies")
    )
    round_box.get_by_label("Onderwerpen, één groep per regel").fill("Kennisdeling\nAanbesteding")
    round_box.get_by_role("button", name="Groepen instellen").click()

    # Omar wishes for the procurement group on his phone
    expect(
        phones[0].get_by_text(re.compile("aan welk onderwerp werkt u het liefst"))
    ).to_be_visible(timeout=10_000)
    assert_accessible(phones[0])
    phones[0].get_by_label("Aanbesteding").check()
    phones[0].get_by_role("button", name="Mijn wens doorgeven").click()
    expect(phones[0].get_by_text("Uw wens is genoteerd.")).to_be_visible()

    round_box.get_by_role("button", name="Evenwichtige groepen maken").click()
    expect(console.get_by_text(re.compile("De groepen zijn gemaakt"))).to_be_visible()
    assert_accessible(console)
    round_box = console.locator(
        "section", has=console.get_by_role("heading", name="Groepen: Deelsessies")
    )
    expect(round_box).to_contain_text(
        "Gemeente 50% (zaal 50%)"
    )  # each group mixes the sides as the room does
    round_box.get_by_role("button", name="Groepen bekendmaken").click()
    expect(
        console.get_by_text(re.compile("iedereen ziet zijn groep en onderwerp")).first
    ).to_be_visible()

    from rondetafel.workshops.models import GroupMember

    topic_of = {
        m.participant.display_name: m.subgroup.topic
        for m in GroupMember.objects.filter(block=block).select_related("participant", "subgroup")
    }
    assert topic_of["Omar"] == "Aanbesteding"
    for phone, name in zip(phones, ("Omar", "Olga", "Mila", "Gijs"), strict=True):
        expect(phone.locator(".rt-my-group")).to_contain_text(topic_of[name], timeout=10_000)
    assert_accessible(phones[1])
