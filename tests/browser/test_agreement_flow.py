"""Step 4's document work in a real browser: import the demo Word agreement, review it as two
participants of different sides, decide two proposals, make the next version, read the redline
and download it as PDF (checked with pdftotext)."""

import subprocess

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in, require_command
from rondetafel.demo.agreements import dordrecht_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(
        created_by=facilitator, title="Herijking", question="Hoe verder samen?"
    )
    city = ts.party_create(
        trajectory=t, actor=facilitator, name="Gemeente Dordrecht", side="municipality"
    )
    sme = ts.party_create(trajectory=t, actor=facilitator, name="Stichting GWW", side="market")
    for email, name, party in (
        ("ambtenaar@test.example", "Olga Ambtenaar", city),
        ("ondernemer@test.example", "Omar Ondernemer", sme),
    ):
        user = user_create(email=email, full_name=name, password=PASSWORD)
        ts.membership_create(
            trajectory=t, user=user, role="participant", party=party, actor=facilitator
        )
    return t


def _propose(browser, base, t, email, article, text, rationale, support=None):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, base, email, PASSWORD)
    page.goto(f"{base}/trajectories/{t.pk}/agreements/")
    page.get_by_role("link", name="Versie 1").click()
    page.get_by_role("link", name=f"Artikel {article} bespreken").click()
    assert_accessible(page)
    page.get_by_label("Wijzigen", exact=True).check()
    page.get_by_role("button", name="Oordeel geven").click()
    expect(page.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
    page.get_by_label("Voorgestelde tekst").fill(text)
    page.get_by_label("Waarom?").fill(rationale)
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_text("Uw voorstel is toegevoegd.")).to_be_visible()
    expect(page.get_by_text("Voorgesteld door")).to_contain_text("(")  # the proposer's side
    assert_accessible(page)
    if support:
        page.goto(f"{base}/trajectories/{t.pk}/agreements/")
        page.get_by_role("link", name="Versie 1").click()
        page.get_by_role("link", name=f"Artikel {support} bespreken").click()
        page.get_by_role("button", name="Steunen / steun intrekken").click()
        expect(page.get_by_text("U steunt dit voorstel.")).to_be_visible()
    page.context.close()


def test_import_review_decide_consolidate_redline_pdf(live_server, page, tmp_path):
    t = _setup()
    base = live_server.url
    (tmp_path / "intentie.docx").write_bytes(dordrecht_docx())
    log_in(page, base, "begeleider@test.example", PASSWORD)
    page.goto(f"{base}/trajectories/{t.pk}/")
    page.get_by_role("link", name="Overeenkomsten").click()
    assert_accessible(page)
    page.get_by_role("link", name="Een overeenkomst importeren (Word of Markdown)").click()
    assert_accessible(page)
    page.get_by_label("Overeenkomst (.docx of .md)").set_input_files(
        str(tmp_path / "intentie.docx")
    )
    page.get_by_role("button", name="Uploaden en de opbouw tonen").click()
    expect(page.get_by_text("Herkend: 3 delen met 12 artikelen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan als conceptovereenkomst").click()
    expect(page.get_by_text("De overeenkomst is opgeslagen als concept.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ter bespreking voorleggen").click()
    expect(page.get_by_text("Versie 1 · In bespreking")).to_be_visible()

    # Two participants of different sides review on their phones.
    browser = page.context.browser
    _propose(
        browser,
        base,
        t,
        "ambtenaar@test.example",
        "12",
        "Deze overeenkomst geldt voor een periode van vijf jaar na ondertekening.",
        "Zekerheid voor investeringen.",
    )
    _propose(
        browser,
        base,
        t,
        "ondernemer@test.example",
        "7",
        "Partners organiseren vier keer per jaar een kennissessie.",
        "Kennis levend houden.",
        support="12",
    )

    # The facilitator decides both.
    page.goto(f"{base}/trajectories/{t.pk}/agreements/")
    page.get_by_role("link", name="Versie 1").click()
    page.get_by_role("link", name="Voorstellen (2 open)").click()
    assert_accessible(page)
    decisions = (
        (
            "vijf jaar",
            "Consentronde",
            "Vastgesteld",
            "",
            {"Gemeente: Akkoord / voor": "1", "Markt / mkb: Akkoord / voor": "1"},
        ),
        (
            "vier keer",
            "Stemming",
            "Verworpen",
            "Te weinig capaciteit bij de gemeente.",
            {"Gemeente: Bezwaar / tegen": "1", "Markt / mkb: Akkoord / voor": "1"},
        ),
    )
    for text, method, outcome, reason, tally in decisions:
        page.locator("article", has_text=text).get_by_role(
            "link", name="Tot een besluit brengen"
        ).click()
        assert_accessible(page)
        page.get_by_label(method).check()
        page.get_by_label(outcome).check()
        if reason:
            page.get_by_label("Reden").fill(reason)
        for label, value in tally.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Te weinig capaciteit bij de gemeente.")).to_be_visible()
    assert_accessible(page)

    # The next version, and its redline.
    page.goto(f"{base}/trajectories/{t.pk}/agreements/")
    page.get_by_role("link", name="Versie 1").click()
    page.get_by_role("button", name="De volgende versie maken").click()
    expect(page.get_by_text("Versie 2 is gemaakt met de aangenomen voorstellen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Wijzigingen sinds versie 1").click()
    expect(
        page.get_by_text("1 artikelen gewijzigd, 0 toegevoegd, 0 geschrapt, 11 ongewijzigd.")
    ).to_be_visible()
    expect(page.locator(".rt-redline ins")).to_have_text("vijf")
    expect(page.locator(".rt-redline del")).to_have_text("één")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="De wijzigingen als PDF downloaden").click()
    pdf = tmp_path / "wijzigingen.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        [require_command("pdftotext", "poppler-utils"), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "[verwijderd] één [ingevoegd] vijf jaar" in " ".join(text.split())
    assert "periode van" in text
