"""Steps 1 to 3 in a real browser: intakes, the shared goal signed off by both parties, an
Excel import with one bad row, a position agreed on the grid and the common-ground matrix."""

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(
        created_by=facilitator, title="Wijkdeal Noord", question="Wat regelen we samen?"
    )
    city = ts.party_create(
        trajectory=t, actor=facilitator, name="Gemeente Noord", side="municipality"
    )
    residents = ts.party_create(
        trajectory=t, actor=facilitator, name="Bewonersraad Noord", side="residents"
    )
    for email, name, party in (
        ("ambtenaar@test.example", "Olga Ambtenaar", city),
        ("bewoner@test.example", "Bram Bewoner", residents),
    ):
        user = user_create(email=email, full_name=name, password=PASSWORD)
        ts.membership_create(
            trajectory=t, user=user, role="participant", party=party, actor=facilitator
        )
    return t


def _excel(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Naam", "Soort", "Kant", "E-mail", "Macht", "Belang"])
    ws.append(["Speeltuinvereniging Noord", "organisatie", "bewoners", "", 2, 5])
    ws.append(["Wijkagent Noord", "persoon", "politie", "agent@test.example", 4, 4])
    ws.append(["Onbekende kant", "organisatie", "Mars", "", 9, 1])
    wb.save(path)
    return path


def test_intake_goal_import_grid_and_common_ground(live_server, page, tmp_path):
    t = _setup()
    base = live_server.url
    log_in(page, base, "begeleider@test.example", PASSWORD)
    page.goto(f"{base}/trajectories/{t.pk}/")
    page.get_by_role("link", name="Intake en gezamenlijk doel").first.click()
    assert_accessible(page)

    # Step 1: two intakes.
    for party, goals in (
        ("Gemeente Noord", "Regels loslaten waar het kan"),
        ("Bewonersraad Noord", "Zelf het groen beheren"),
    ):
        page.get_by_role("link", name=f"Intake {party} vastleggen").click()
        assert_accessible(page)
        page.get_by_label("Doelen voor de samenwerking").fill(goals)
        page.get_by_label("Zorgen").fill("Dat het bij praten blijft")
        page.get_by_label("Mandaat").fill("Voorstellen doen")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text(f"De intake van {party} is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("cell", name="Zelf het groen beheren")).to_be_visible()
    assert_accessible(page)

    # The shared goal, drafted with the intakes side by side.
    page.get_by_role("link", name="Het gezamenlijke doel opstellen").click()
    expect(page.get_by_text("Regels loslaten waar het kan")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gezamenlijk doel").fill(
        "Samen bepalen welke regels de wijk zelf kan dragen."
    )
    page.get_by_label("Participatieniveau (IAP2)").select_option("collaborate")
    page.get_by_label("Participatieladder").select_option("coproduceren")
    page.get_by_role("button", name="Gezamenlijk doel opslaan").click()
    expect(page.get_by_text("Nog niet elke partij is akkoord.")).to_be_visible()

    # Each party's representative signs it off on their own device.
    for email, verdict, remark in (
        ("ambtenaar@test.example", "Akkoord", ""),
        ("bewoner@test.example", "Akkoord, met een opmerking", "Graag elk kwartaal evalueren"),
    ):
        rep = page.context.browser.new_context(viewport={"width": 390, "height": 800}).new_page()
        log_in(rep, base, email, PASSWORD)
        rep.goto(f"{base}/trajectories/{t.pk}/intake/")
        expect(
            rep.get_by_text("Wij vragen u om advies")
        ).to_be_visible()  # the promise, shown to participants
        rep.get_by_label(verdict, exact=True).check()
        if remark:
            rep.get_by_label("Opmerking of reden").fill(remark)
        rep.get_by_role("button", name="Mijn oordeel vastleggen").click()
        expect(
            rep.get_by_text("Uw oordeel over het gezamenlijke doel is vastgelegd.")
        ).to_be_visible()
        assert_accessible(rep)
        rep.context.close()
    page.reload()
    expect(page.get_by_text("Elke partij is akkoord met dit doel.")).to_be_visible()
    expect(page.get_by_text("Graag elk kwartaal evalueren")).to_be_visible()

    # Step 2: import an Excel register with one bad row.
    page.get_by_role("link", name="Register").click()
    assert_accessible(page)
    page.get_by_role("link", name="CSV of Excel importeren").click()
    assert_accessible(page)
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(
        str(_excel(tmp_path / "register.xlsx"))
    )
    page.get_by_role("button", name="Uploaden en controleren").click()
    expect(
        page.get_by_text("Controle zonder opslaan: 2 rijen zijn goed, 1 hebben fouten.")
    ).to_be_visible()
    bad_row = page.locator("table.rt-errors").get_by_role("row").filter(has_text="Onbekende kant")
    expect(bad_row).to_contain_text("4")
    expect(bad_row).to_contain_text("'Mars' is geen bekende kant")
    expect(bad_row).to_contain_text("van 1 tot en met 5")
    assert_accessible(page)
    page.get_by_label("Importeer de goede rijen en sla de rijen met fouten over").check()
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.get_by_text("2 belanghebbenden geïmporteerd.")).to_be_visible()
    expect(page.get_by_text("1 rij met fouten is overgeslagen")).to_be_visible()
    assert_accessible(page)

    # Interests of two sides on the same topic, through the stakeholder pages.
    page.get_by_role("link", name="Naar het register").click()
    for name, text in (
        ("Speeltuinvereniging Noord", "Veilig spelen"),
        ("Wijkagent Noord", "Veilige straten"),
    ):
        page.get_by_role("link", name=name).first.click()
        page.locator("summary", has_text="Belang").click()
        page.get_by_label("Belang", exact=True).fill(text)
        page.get_by_label("Onderwerp", exact=True).fill("veiligheid")
        page.get_by_role("button", name="Belang opslaan").click()
        expect(page.get_by_text("Belang is opgeslagen.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("navigation", name="Belanghebbenden en intake").get_by_role(
            "link", name="Register"
        ).click()

    # Step 2: place a stakeholder on the grid as the room agreed.
    page.get_by_role("link", name="Macht en belang").click()
    expect(
        page.get_by_role("link", name="Speeltuinvereniging Noord: macht 2, belang 5")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Belanghebbende", exact=True).select_option(label="Speeltuinvereniging Noord")
    page.get_by_label("Macht (1-5)").fill("3")
    page.get_by_label("Belang (1-5)").fill("5")
    page.get_by_role("button", name="Plek vastleggen").click()
    expect(
        page.get_by_text("De afgesproken plek van Speeltuinvereniging Noord is vastgelegd.")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Speeltuinvereniging Noord: macht 3, belang 5")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Speeltuinvereniging Noord")).to_contain_text(
        "Nauw betrekken"
    )
    assert_accessible(page)

    # The common ground: the shared topic, with each side's interest.
    page.get_by_role("link", name="Gedeelde belangen").click()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="veiligheid", exact=True)
    )
    expect(row).to_contain_text("Gedeeld")
    expect(row).to_contain_text("Veilig spelen")
    expect(row).to_contain_text("Veilige straten")
    assert_accessible(page)

    for view in ("salience", "network"):
        page.goto(f"{base}/trajectories/{t.pk}/stakeholders/{view}/")
        assert_accessible(page)
