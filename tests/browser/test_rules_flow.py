"""Letting go of rules in a real browser: the facilitator imports the sample CVDR ordinance,
puts three articles in scope, two phones of different sides assess them one at a time in a
live session, the facilitator sees where the sides differ and decides, downloads the minimal
framework as PDF and takes it into a draft agreement; a resident files a right-to-challenge
request, the facilitator decides it and the resident sees the decision. axe checks every page."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import assert_accessible, join_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}
ARTICLES = ("2:25", "2:26", "4:11")


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    resident = user_create(email="annie@test.example", full_name="Annie van Dam", password=PASSWORD)
    t = ts.trajectory_create(created_by=facilitator, title="Boomgaardshoek", question="Regels?")
    ts.party_create(trajectory=t, actor=facilitator, name="Gemeente", side=Side.MUNICIPALITY)
    residents = ts.party_create(
        trajectory=t, actor=facilitator, name="Bewoners", side=Side.RESIDENTS
    )
    ts.membership_create(
        trajectory=t, user=resident, role=Role.PARTICIPANT, party=residents, actor=facilitator
    )
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Buurtavond")
    return t, workshop


def _assess(phone, position: int, outcome: str, safety: str, reason: str, conditions: str = ""):
    expect(phone.get_by_text(f"Regel {position} van 3")).to_be_visible(timeout=10_000)
    for question, answer in (
        ("Beschermt de regel de basisveiligheid?", safety),
        ("Beschermt de regel de gezondheid?", "Nee"),
        ("Is het een bindende afspraak die het gebied overstijgt?", "Nee"),
        ("Vereist hogere wetgeving de regel?", "Weet ik niet"),
    ):
        phone.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    phone.get_by_role("group", name="Wat moet er met deze regel gebeuren?").get_by_label(
        outcome, exact=True
    ).check()
    if conditions:
        phone.get_by_label(re.compile("Onder welke voorwaarden")).fill(conditions)
    phone.get_by_label("De rol van de gemeente voortaan").select_option(
        "let_go" if outcome != "Centraal houden" else "regulate"
    )
    phone.get_by_label("Uw reden").fill(reason)
    assert_accessible(phone)
    # nothing sideways on a phone: the rule and its form fit the 390-pixel screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_text("Uw beoordeling van deze regel is vastgelegd.")).to_be_visible()


def test_import_assess_on_phones_decide_framework_agreement_and_challenge(
    live_server, browser, tmp_path
):
    from rondetafel.regulations import cvdr

    t, workshop = _setup()
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)

    # Import the sample ordinance.
    desk.goto(f"{base}/trajectories/{t.pk}/rules/")
    assert_accessible(desk)
    desk.get_by_label("CVDR-bestand (XML)").set_input_files(
        str(Path(cvdr.__file__).parent / "samples" / "apv-voorbeeld.xml")
    )
    desk.get_by_role("button", name="De regeling importeren").click()
    expect(desk.get_by_text("30 artikelen geïmporteerd.")).to_be_visible()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Algemene plaatselijke")
    assert_accessible(desk)

    # Three articles in scope.
    for number in ARTICLES:
        desk.get_by_label(re.compile(f"^Artikel {number} ")).check()
    desk.get_by_role("button", name="De aangevinkte artikelen in de inventaris zetten").click()
    expect(desk.get_by_text("3 regels in de inventaris gezet.")).to_be_visible()
    expect(desk.locator("article.rt-rule")).to_have_count(3)
    assert_accessible(desk)
    desk.get_by_role("button", name="De regels aan de sessie toevoegen").click()
    expect(desk.get_by_text(re.compile("staat klaar in de sessie"))).to_be_visible()

    # The session: the facilitator starts the round; two sides assess on their phones.
    console = f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/"
    desk.goto(console)
    desk.get_by_role("button", name=re.compile("Starten.*Welke regels kan de buurt")).click()
    assert_accessible(desk)
    residents = join_phone(browser, base, workshop.join_code, "Bewoners")
    municipality = join_phone(browser, base, workshop.join_code, "Gemeente")
    plan = [
        ("Overdragen onder voorwaarden", "Centraal houden"),
        ("Overdragen", "Overdragen onder voorwaarden"),
        ("Overdragen", "Overdragen"),
    ]
    for position, (resident_says, municipality_says) in enumerate(plan, start=1):
        _assess(residents, position, resident_says, "Nee", f"Bewoners over regel {position}.",
                "Met een draaiboek." if "voorwaarden" in resident_says else "")  # fmt: skip
        _assess(municipality, position, municipality_says, "Ja", f"Gemeente over regel {position}.",
                "Jaarlijkse schouw." if "voorwaarden" in municipality_says else "")  # fmt: skip
        if position < 3:
            desk.get_by_role("button", name="Volgende regel").click()
            expect(desk.get_by_text(f"De zaal is bij regel {position + 1} van 3.")).to_be_visible()

    # Every side's view: where they differ, and the decision per rule.
    desk.goto(f"{base}/trajectories/{t.pk}/rules/results/")
    cards = desk.locator("article.rt-rule")
    expect(cards).to_have_count(3)
    expect(cards.nth(0)).to_contain_text("de kanten verschillen")
    expect(cards.nth(2)).to_contain_text("de kanten zijn het eens")
    event_sides = cards.nth(0).get_by_role("table")
    expect(event_sides.get_by_role("row", name=re.compile("^Bewoners"))).to_contain_text(
        "Overdragen onder voorwaarden"
    )
    expect(event_sides.get_by_role("row", name=re.compile("^Gemeente"))).to_contain_text(
        "Centraal houden"
    )
    assert_accessible(desk)
    decisions = [
        ("Centraal houden", "Reguleren", "", "Grote evenementen vragen een veiligheidsplan."),
        ("Overdragen onder voorwaarden", "Faciliteren", "Melding bij de gebiedscommissie.",
         "Een melding bij de buurt volstaat."),
        ("Overdragen", "Loslaten", "", "Alle kanten: de buurt onderhoudt het groen."),
    ]  # fmt: skip
    for index, (outcome, role, conditions, reason) in enumerate(decisions):
        desk.goto(f"{base}/trajectories/{t.pk}/rules/results/")
        desk.locator("article.rt-rule").nth(index).get_by_role("link").click()
        expect(desk.get_by_text("Bewoners over regel")).to_be_visible()
        assert_accessible(desk)
        desk.get_by_role("group", name="Uitkomst").get_by_label(outcome, exact=True).check()
        desk.get_by_label("De rol van de gemeente").select_option(label=role)
        if conditions:
            desk.get_by_label(re.compile("^Voorwaarden")).fill(conditions)
        desk.get_by_label(re.compile("^Reden")).fill(reason)
        desk.get_by_role("button", name="Besluit vastleggen").click()
        expect(desk.get_by_text(re.compile("is vastgelegd"))).to_be_visible()

    # The minimal framework: on the page, as PDF, and into a draft agreement.
    desk.goto(f"{base}/trajectories/{t.pk}/rules/framework/")
    expect(desk.get_by_text("3 regels besloten.")).to_be_visible()
    assert_accessible(desk)
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Downloaden (PDF)").click()
    pdf = tmp_path / "kader.pdf"
    pdf.write_bytes(download.value.path().read_bytes())
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert text.index("Wat centraal blijft") < text.index("APV Rotterdam art. 2:25")
    assert text.index("Wat aan de buurt wordt overgedragen") < text.index("APV Rotterdam art. 4:11")
    desk.get_by_label("Titel van de overeenkomst").fill("Buurtafspraken Boomgaardshoek")
    desk.get_by_role("button", name="Maak er een conceptovereenkomst van").click()
    expect(
        desk.get_by_role("heading", name=re.compile("Buurtafspraken Boomgaardshoek"))
    ).to_be_visible()
    expect(desk.get_by_text("Bron: APV Rotterdam art. 2:26").first).to_be_visible()
    assert_accessible(desk)

    # At her own pace, a resident with an account assesses a rule from "Uw beoordeling".
    resident = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(resident, base, "annie@test.example", PASSWORD)
    resident.goto(f"{base}/trajectories/{t.pk}/rules/assess/")
    expect(
        resident.get_by_text("U hebt 0 van de 3 regels beoordeeld.", exact=False)
    ).to_be_visible()
    assert_accessible(resident)
    resident.get_by_role("link", name="Evenementenvergunning").click()
    for question in (
        "Beschermt de regel de basisveiligheid?",
        "Beschermt de regel de gezondheid?",
        "Is het een bindende afspraak die het gebied overstijgt?",
        "Vereist hogere wetgeving de regel?",
    ):
        resident.get_by_role("group", name=question).get_by_label("Nee", exact=True).check()
    resident.get_by_role("group", name="Wat moet er met deze regel gebeuren?").get_by_label(
        "Overdragen onder voorwaarden", exact=True
    ).check()
    resident.get_by_label("De rol van de gemeente voortaan").select_option("facilitate")
    resident.get_by_label("Uw reden").fill("Met een draaiboek kan de buurt dit.")
    resident.get_by_role("button", name="Opslaan en naar de volgende regel").click()
    # the conditions were left out: the form says so and keeps what was filled in
    expect(resident.get_by_text("Zeg onder welke voorwaarden.")).to_be_visible()
    expect(resident.get_by_label("Uw reden")).to_have_value("Met een draaiboek kan de buurt dit.")
    assert_accessible(resident)
    resident.get_by_label(re.compile("Onder welke voorwaarden")).fill("Tot 500 mensen.")
    resident.get_by_role("button", name="Opslaan en naar de volgende regel").click()
    expect(
        resident.get_by_text(re.compile("Uw beoordeling van .Evenementenvergunning. is opgeslagen"))
    ).to_be_visible()
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(resident)

    # The right to challenge: a resident files, the facilitator decides, the resident sees it.
    resident.goto(f"{base}/trajectories/{t.pk}/challenges/")
    assert_accessible(resident)
    resident.get_by_label("Wie u bent").fill("Stichting Bewoners Boomgaardshoek")
    resident.get_by_label("Hoe u geworteld bent in de buurt").fill("Bewonersgroep sinds 2019.")
    resident.get_by_label("De taak die u wilt overnemen").fill("Onderhoud van de groenstroken.")
    resident.get_by_label(re.compile("Huidig budget")).fill("18500")
    resident.get_by_label("Uw plan").fill("Maandelijkse onderhoudsploeg.")
    resident.get_by_label("De meerwaarde voor de buurt").fill("Ontmoeting en eigenaarschap.")
    resident.get_by_label("Bewijs van draagvlak in de buurt").fill("146 handtekeningen.")
    resident.get_by_label("Aantal steunbetuigingen").fill("146")
    start = timezone.localdate() + timedelta(weeks=20)
    resident.get_by_label("Wanneer u zou beginnen").fill(start.isoformat())
    resident.get_by_label(re.compile("Beheer van openbaar groen")).check()
    resident.get_by_role("button", name="Het verzoek indienen").click()
    expect(resident.get_by_text(re.compile("De gemeente beslist uiterlijk"))).to_be_visible()
    expect(resident.locator("[data-status]")).to_have_text("Ingediend")
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(resident)
    request_url = resident.url

    desk.goto(request_url)
    for criterion in (
        "Minstens zo goed als de gemeente het nu doet",
        "Niet duurder dan het huidige budget",
        "Meerwaarde voor de buurt",
    ):
        desk.get_by_role("group", name=criterion).get_by_label("Voldaan", exact=True).check()
    desk.get_by_role("button", name="De beoordeling vastleggen").click()
    expect(desk.get_by_text("De beoordeling is vastgelegd.")).to_be_visible()
    desk.get_by_role("group", name="Besluit").get_by_label("Het verzoek toekennen").check()
    desk.get_by_label("Motivering van het besluit").fill("Voldoet aan de drie criteria.")
    desk.get_by_role("button", name="Besluit vastleggen").click()
    expect(desk.get_by_text(re.compile("de aanvrager ziet het"))).to_be_visible()
    assert_accessible(desk)

    resident.goto(request_url)
    expect(resident.locator("[data-status]")).to_have_text("Toegekend")
    expect(resident.get_by_text("Voldoet aan de drie criteria.").first).to_be_visible()
    assert_accessible(resident)
