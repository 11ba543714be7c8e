"""The scenario workshop in a real browser: the facilitator builds a small field, two
participants of different sides judge its pairs on their phones, a contested pair is settled in
plenary while the presenter screen shows the space shrink, the explorer answers as a value is
fixed, three diverse scenarios are picked, one is written up, and the field is exported. axe
checks every page on the way."""

import io
import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, join_phone, log_in

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
    t = ts.trajectory_create(created_by=facilitator, title="Boomgaardshoek", question="Zelfbeheer?")
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Scenariosessie")
    return t, workshop


def _judge_all(phone, contested: tuple[str, str], answer: str, reason: str = ""):
    """Judge every pair this phone gets; the contested pair as `answer`, the rest as possible."""
    done = phone.get_by_text("U hebt al uw paren beoordeeld.")
    for _ in range(10):
        pair = phone.locator(".rt-pair__values")
        expect(pair.or_(done)).to_be_visible(timeout=10_000)
        if done.is_visible():
            return
        text = pair.inner_text()
        item = phone.locator('input[name="item"]').get_attribute("value")
        if all(value in text for value in contested):
            phone.get_by_label(answer).check()
            if reason:
                phone.get_by_label(re.compile("Waarom niet")).fill(reason)
        else:
            phone.get_by_label("Ja, ze kunnen samen").check()
        assert_accessible(phone)
        phone.get_by_role("button", name="Versturen").click()
        expect(phone.locator(f'input[name="item"][value="{item}"]')).to_have_count(0)
    raise AssertionError("more pairs than the field has")


def test_build_judge_settle_explore_pick_and_export(live_server, browser):
    t, workshop = _setup()
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)

    # The facilitator builds the field.
    desk.goto(f"{base}/trajectories/{t.pk}/scenarios/")
    assert_accessible(desk)
    desk.get_by_label("Titel").fill("Vormen van zelfbeheer")
    desk.get_by_role("button", name="Veld aanmaken").click()
    for name, values in (
        ("Wie beslist", "Bewonerscollectief\nGemeente\nSamen"),
        ("Wie betaalt", "Buurtbudget\nGemeentebegroting"),
    ):
        details = desk.locator(
            "details", has=desk.get_by_role("heading", name="Een parameter toevoegen")
        )
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        desk.get_by_label("Parameter", exact=True).fill(name)
        desk.get_by_label("Waarden, één per regel").fill(values)
        desk.get_by_role("button", name="Parameter toevoegen").click()
        expect(desk.get_by_role("row", name=re.compile(name)).first).to_be_visible()
    expect(desk.locator("[data-space-total]")).to_have_attribute("data-space-total", "6")
    assert_accessible(desk)
    field_url = desk.url

    # Pair judging goes into the session; the facilitator starts it and shows the results.
    desk.get_by_role("button", name="Paren beoordelen aan de sessie toevoegen").click()
    expect(desk.get_by_text(re.compile("staat klaar in de sessie"))).to_be_visible()
    desk.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    desk.get_by_role("button", name=re.compile("Starten.*Welke waarden kunnen samen")).click()
    # results are shown on the screen from the start (the console offers to hide them)
    expect(
        desk.get_by_role("button", name=re.compile("Uitkomsten verbergen.*Welke waarden"))
    ).to_be_visible()
    assert_accessible(desk)

    screen = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    log_in(screen, base, "begeleider@test.example", PASSWORD)
    screen.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/screen/")
    expect(screen.get_by_text("6 consistente configuraties")).to_be_visible(timeout=10_000)
    assert_accessible(screen)

    # Two phones, two sides; they disagree on one pair.
    contested = ("Bewonerscollectief", "Gemeentebegroting")
    municipality = join_phone(browser, base, workshop.join_code, "Gemeente")
    residents = join_phone(browser, base, workshop.join_code, "Bewoners")
    _judge_all(municipality, contested, "Nee, ze kunnen niet samen", "Wie betaalt, bepaalt.")
    _judge_all(residents, contested, "Ja, ze kunnen samen")

    # The plenary settles the contested pair; the screen shows the space shrink, no reload.
    desk.goto(field_url)
    plenary = desk.locator(
        "section", has=desk.get_by_role("heading", name="Omstreden paren: voor het plenaire deel")
    )
    expect(plenary).to_contain_text("Wie betaalt, bepaalt.")
    assert_accessible(desk)
    plenary.get_by_label("Kan niet samen").check()
    plenary.get_by_label("Reden of voorwaarde").fill("Wie betaalt, bepaalt.")
    plenary.get_by_role("button", name=re.compile("Besluiten")).click()
    expect(desk.get_by_text(re.compile("ging van 6 naar 5 configuraties"))).to_be_visible()
    expect(screen.get_by_text("5 consistente configuraties")).to_be_visible(timeout=10_000)

    # The explorer: with the collective deciding, the municipal budget is crossed out, and why.
    desk.get_by_label(re.compile("^Bewonerscollectief")).check()
    desk.get_by_role("button", name="Toon wat overblijft").click()
    expect(desk.locator("[data-space-total]")).to_have_attribute("data-space-total", "1")
    crossed = desk.locator("label", has=desk.locator("del", has_text="Gemeentebegroting"))
    expect(crossed).to_contain_text("Wie betaalt, bepaalt.")
    assert_accessible(desk)
    # The same exploration on the presenter screen: the chosen value goes along; a click on
    # it lets it go again.
    desk.get_by_role("link", name="Verkennen op het presentatiescherm").click()
    expect(desk.locator("[data-space-total]")).to_have_attribute("data-space-total", "1")
    expect(desk.locator("del", has_text="Gemeentebegroting")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("link", name=re.compile("✓ Bewonerscollectief")).click()
    expect(desk.locator("[data-space-total]")).to_have_attribute("data-space-total", "5")
    desk.goto(field_url)

    # Three scenarios far apart; one written up; the export.
    desk.get_by_role("button", name="Kies scenario's die ver uiteen liggen").click()
    expect(desk.get_by_text(re.compile("3 scenario's toegevoegd"))).to_be_visible()
    card = desk.locator("article.rt-scenario").first
    card.locator("summary").click()
    card.get_by_label("Naam").fill("De buurt beslist")
    card.get_by_label("Verhaal").fill("Bewoners besluiten en betalen uit een buurtbudget.")
    card.get_by_role("button", name="Scenario opslaan").click()
    expect(desk.get_by_role("heading", name="De buurt beslist")).to_be_visible()
    assert desk.locator("article.rt-scenario").count() == 3
    assert_accessible(desk)
    # The room scores the scenarios; the cards show the means per side.
    desk.get_by_role("button", name="Laat de zaal de scenario's scoren").click()
    expect(desk.get_by_text(re.compile("Het scoren staat klaar"))).to_be_visible()
    desk.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    desk.get_by_role("button", name=re.compile("Starten.*Scoor de scenario")).click()
    for phone, score in ((municipality, "2"), (residents, "5")):
        for _scenario in range(3):
            legend = phone.get_by_role("group", name=re.compile("^Haalbaar"))
            expect(legend).to_be_visible(timeout=10_000)
            assert_accessible(phone)
            heading = phone.locator(".rt-scenario-score h2").inner_text()
            for criterion in ("Haalbaar", "Draagvlak in de buurt", "Binnen het minimale kader"):
                phone.get_by_role("group", name=re.compile(f"^{criterion}")).get_by_label(
                    score, exact=True
                ).check()
            phone.get_by_role("button", name="Versturen").click()
            expect(phone.locator(".rt-scenario-score h2", has_text=heading)).to_have_count(0)
        expect(phone.get_by_text("U hebt elk scenario gescoord.")).to_be_visible()
    desk.goto(field_url)
    scores = desk.get_by_role("table", name=re.compile("Scores voor De buurt beslist"))
    expect(scores.get_by_role("row", name=re.compile("^Haalbaar"))).to_contain_text("3,5")
    assert_accessible(desk)
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Exporteren (XLSX)").click()
    from openpyxl import load_workbook

    assert download.value.suggested_filename == "scenarioveld.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["Veld", "Oordelen", "Oplossingsruimte", "Scenario's"]
    assert any(
        row[0] == "De buurt beslist" for row in book["Scenario's"].iter_rows(values_only=True)
    )


def test_a_value_proposed_from_a_phone_is_taken_into_the_field(live_server, browser):
    from rondetafel.scenarios import services as scenarios
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Side

    t, workshop = _setup()
    facilitator = t.memberships.get().user
    ts.party_create(trajectory=t, actor=facilitator, name="Bewoners", side=Side.RESIDENTS)
    field = scenarios.field_create(trajectory=t, actor=facilitator, title="Zelfbeheer")
    for name, values in (("Wie beslist", "Bewoners\nGemeente"), ("Wie betaalt", "Buurt\nStad")):
        scenarios.parameter_add(
            scenario_field=field, actor=facilitator, name=name, values_text=values
        )
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)
    field_url = f"{base}/trajectories/{t.pk}/scenarios/{field.pk}/"
    desk.goto(field_url)
    desk.get_by_role("button", name="Laat de zaal waarden voorstellen vanaf de telefoon").click()
    expect(desk.get_by_text(re.compile("Het voorstellen van waarden staat klaar"))).to_be_visible()
    desk.goto(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/")
    desk.get_by_role("button", name=re.compile("Starten.*Welke waarden ontbreken")).click()

    phone = join_phone(browser, base, workshop.join_code, "Bewoners")
    expect(phone.get_by_label("Uw waarde voor Wie beslist")).to_be_visible(timeout=10_000)
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_label("Uw waarde voor Wie beslist").fill("Gebiedscommissie")
    phone.get_by_role("button", name=re.compile("Voorstellen.*Wie beslist")).click()
    expect(phone.get_by_text("U stelde “Gebiedscommissie” voor.")).to_be_visible(timeout=10_000)

    desk.goto(field_url)
    proposals = desk.locator(
        "section", has=desk.get_by_role("heading", name="Waarden voorgesteld vanaf telefoons")
    )
    expect(proposals).to_contain_text("Gebiedscommissie")
    assert_accessible(desk)
    proposals.get_by_role(
        "button", name=re.compile("In het veld opnemen.*Gebiedscommissie")
    ).click()
    expect(desk.get_by_text("De waarde staat in het veld.")).to_be_visible()
    expect(desk.get_by_role("row", name=re.compile("Wie beslist"))).to_contain_text(
        "Gebiedscommissie"
    )
