"""Step 5 in a real browser: a phone without an account proposes a statement in a session; at
the end its phone gets the result link; the facilitator says what became of the statement and
publishes; the phone opens the link and sees its own statement with the outcome. The
facilitator records a commitment, sees it on the dashboard, writes the case report, is refused
a quote without consent, publishes and downloads the PDF (read back: the sections in order).
axe checks every page visited."""

import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}
STATEMENT = "Laat bewoners zelf het plein beheren"


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(
        created_by=facilitator, title="Boomgaardshoek", question="Welke regels kunnen los?"
    )
    municipality = ts.party_create(
        trajectory=t, actor=facilitator, name="Gemeente", side=Side.MUNICIPALITY
    )
    ts.party_create(trajectory=t, actor=facilitator, name="Bewoners", side=Side.RESIDENTS)
    robert = user_create(email="robert@test.example", full_name="Robert Koster", password=PASSWORD)
    ts.membership_create(
        trajectory=t, user=robert, role=Role.CLIENT, party=municipality, actor=facilitator
    )
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Buurtavond")
    activity = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen over de buurt",
        options_text="Het plein is van iedereen",
    )
    ws.workshop_set_status(workshop=workshop, actor=facilitator, status="live")
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    return t, workshop, facilitator


def test_you_said_we_did_commitments_and_the_case_report(live_server, browser, tmp_path):
    from rondetafel.workshops import services as ws
    from rondetafel.workshops.models import Statement

    t, workshop, facilitator = _setup()
    base = live_server.url

    # A resident joins by code without an account and proposes a statement.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{base}/j/{workshop.join_code}/")
    phone.get_by_label("Uw naam").fill("Annie")
    phone.get_by_label("Bewoners").check()
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.get_by_role("heading", name="Stellingen over de buurt")).to_be_visible(
        timeout=10_000
    )
    phone.get_by_label("Voeg zelf een stelling toe").fill(STATEMENT)
    phone.get_by_role("button", name="Stelling indienen").click()
    expect(phone.get_by_text(re.compile("De procesbegeleider bekijkt uw stelling"))).to_be_visible()
    statement = Statement.objects.get(text=STATEMENT)
    ws.statement_moderate(statement=statement, actor=facilitator, accept=True)
    ws.workshop_set_status(workshop=workshop, actor=facilitator, status="closed")

    # The session is over: the phone gets the result link; before publishing it says so.
    phone.goto(f"{base}/j/{workshop.join_code}/live/")
    link = phone.get_by_role("link", name=re.compile("Zie later wat er met uw inbreng"))
    expect(link).to_be_visible(timeout=10_000)
    assert_accessible(phone)
    link.click()
    expect(phone.get_by_text("Bewaar deze link en kom later terug")).to_be_visible()
    result_url = phone.url

    # The facilitator says what became of it and publishes.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)
    desk.goto(f"{base}/trajectories/{t.pk}/")
    desk.get_by_role("link", name="U zei, wij deden").click()
    expect(desk.get_by_text(STATEMENT)).to_be_visible()
    assert_accessible(desk)
    card = desk.locator(".rt-contributions > li", has_text=STATEMENT)
    card.locator("summary").click()
    card.get_by_label("Wat ermee gebeurde").select_option("adopted")
    card.get_by_label("Toelichting").fill("Opgenomen in het minimale kader als buurtregel.")
    card.get_by_role("button", name="Opslaan").click()
    expect(desk.get_by_text("Bewaard: dit lezen de mensen.")).to_be_visible()
    desk.get_by_role("button", name="Publiceren voor iedereen die meedeed").click()
    expect(desk.get_by_text("Gepubliceerd: iedereen met de uitkomstenlink")).to_be_visible()

    # The phone, still without an account, sees its own statement and what became of it.
    phone.goto(result_url)
    mine = phone.locator(".rt-contributions > li").first
    expect(mine).to_contain_text(STATEMENT)
    expect(mine).to_contain_text("van u")
    expect(mine).to_contain_text("Overgenomen")
    expect(mine).to_contain_text("Opgenomen in het minimale kader als buurtregel.")
    expect(mine).to_contain_text("Annie (Bewoners)")
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A commitment, refused first without an owner, then on the dashboard.
    desk.goto(f"{base}/trajectories/{t.pk}/embedding/commitments/")
    form = desk.locator("form", has=desk.get_by_role("button", name="Toezegging vastleggen"))
    form.get_by_label("Wat is toegezegd").fill("Pleinregels op papier zetten")
    due = (timezone.localdate() + timezone.timedelta(days=5)).isoformat()
    form.get_by_label("Uiterlijk op").fill(due)
    form.get_by_role("button", name="Toezegging vastleggen").click()
    expect(desk.get_by_text("Geef de toezegging een eigenaar")).to_be_visible()
    assert_accessible(desk)
    form = desk.locator("form", has=desk.get_by_role("button", name="Toezegging vastleggen"))
    form.get_by_label("Eigenaar (een persoon)").select_option(label="Robert Koster")
    form.get_by_role("button", name="Toezegging vastleggen").click()
    expect(desk.get_by_role("link", name="Pleinregels op papier zetten")).to_be_visible()
    desk.get_by_role("link", name="Dashboard", exact=True).click()
    expect(
        desk.locator("table", has_text="Toezeggingen voor de komende twee weken")
    ).to_contain_text("Pleinregels op papier zetten")
    assert_accessible(desk)

    # The case report: written from the data, a quote without consent refused, published.
    desk.goto(f"{base}/trajectories/{t.pk}/reports/")
    quote = desk.locator("form", has=desk.get_by_role("button", name="Citaat toevoegen"))
    quote.get_by_label("Citaat").fill("Voor het eerst bepalen wij mee.")
    quote.get_by_label("Wie het zei (zoals getoond)").fill("Annie")
    quote.get_by_role("button", name="Citaat toevoegen").click()
    expect(desk.get_by_text("nog geen toestemming", exact=True)).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("button", name="Concept schrijven").click()
    expect(desk.get_by_role("heading", name="De vraag")).to_be_visible()
    expect(desk.get_by_text("Welke regels kunnen los?")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("link", name="Bewerken").click()
    desk.get_by_label(re.compile("Voor het eerst bepalen wij mee")).check()
    desk.get_by_role("button", name="Opslaan").click()
    expect(desk.get_by_text("Annie heeft er geen toestemming voor gegeven")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_label(re.compile("Voor het eerst bepalen wij mee")).uncheck()
    desk.get_by_label("Wat we leerden").fill("Bewoners willen het plein zelf beheren.")
    desk.get_by_role("button", name="Opslaan").click()
    desk.get_by_role("button", name="Publiceren").click()
    expect(desk.get_by_text("De rapportage is gepubliceerd")).to_be_visible()
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Downloaden als PDF").click()
    path = tmp_path / "casus.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    order = [
        text.index(h) for h in ("De vraag", "Aanpak", "Resultaten", "Wat we leerden", "Gemeten")
    ]
    assert order == sorted(order)
    assert "Bewoners willen het plein zelf beheren." in text
    assert "Voor het eerst bepalen wij mee." not in text  # no consent, not in the report
