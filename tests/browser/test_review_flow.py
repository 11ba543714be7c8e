"""The agreement reviewed from phones, in a real browser: the facilitator forms one group per
section of the agreement, two phones without accounts in different groups each propose an
amendment (one by name, one on behalf of its side), the plenary consents from the phones, the
facilitator decides each proposal with the room's result, the proposals show their tallies per
side, and the next version's redline carries them. axe checks every page visited."""

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}
MD = (
    "# Intentieovereenkomst\n## Kennis\n### Artikel 1 Kennis delen\nWe delen kennis.\n"
    "### Artikel 2 Kennissessies\nTwee keer per jaar een kennissessie.\n"
    "## Looptijd\n### Artikel 3 Duur\nDeze overeenkomst geldt één jaar.\n"
)


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.structure import parse_markdown
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Side

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(created_by=facilitator, title="Dordrecht", question="Herijken?")
    ts.party_create(trajectory=t, actor=facilitator, name="Gemeente", side=Side.MUNICIPALITY)
    ts.party_create(
        trajectory=t, actor=facilitator, name="Stichting", side=Side.MARKET, side_label="mkb"
    )
    version = ag.agreement_create(
        trajectory=t, actor=facilitator, title="Intentieovereenkomst", parsed=parse_markdown(MD)
    )
    ag.version_set_status(version=version, actor=facilitator, status="in_review")
    return t, version


def _join(browser, base, code, name, side):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{base}/j/{code}/")
    if name:
        page.get_by_label("Uw naam").fill(name)
    page.get_by_label(side).check()
    page.get_by_role("button", name="Meedoen").click()
    return page


def _propose(phone, article: str, text: str, why: str, on_behalf: bool = False):
    card = phone.locator("article.rt-article-card", has=phone.get_by_role("heading", name=article))
    card.get_by_text("Een wijziging van dit artikel voorstellen").click()
    card.get_by_label("De nieuwe tekst (bij een wijziging)").fill(text)
    card.get_by_label("Waarom").fill(why)
    if on_behalf:
        card.get_by_label("Namens mijn kant, zonder mijn naam").check()
    card.get_by_role("button", name="Voorstel versturen").click()
    expect(phone.get_by_text("Uw voorstel is verstuurd")).to_be_visible()


def test_groups_from_sections_proposals_from_phones_and_plenary_consent(live_server, browser):
    from rondetafel.workshops.models import GroupMember, Workshop

    t, version = _setup()
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)
    # The deepening session from the method library, opened for the room.
    desk.goto(f"{base}/trajectories/{t.pk}/sessions/")
    assert_accessible(desk)
    library = desk.locator("form", has=desk.get_by_role("button", name="Sessie klaarzetten"))
    library.get_by_label("Werkvorm", exact=True).select_option(
        label="Verdiepingssessie over de overeenkomst"
    )
    library.get_by_role("button", name="Sessie klaarzetten").click()
    expect(
        desk.get_by_text(re.compile("klaargezet vanuit de werkvormenbibliotheek"))
    ).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("button", name="Sessie openen").click()
    workshop = Workshop.objects.get(trajectory=t)
    phones = {
        name: _join(browser, base, workshop.join_code, name if name != "Gijs" else "", side)
        for name, side in (
            ("Omar", "mkb"),
            ("Olga", "Gemeente"),
            ("Mila", "mkb"),
            ("Gijs", "Gemeente"),
        )
    }
    desk.goto(f"{base}/trajectories/{t.pk}/")
    desk.get_by_role("link", name="Overeenkomst in sessies").click()
    assert_accessible(desk)
    desk.get_by_role("button", name="Eén groep per onderdeel vormen").click()
    expect(
        desk.get_by_text(re.compile("De groepen zijn gevormd uit de onderdelen"))
    ).to_be_visible()
    round_box = desk.locator(
        "section", has=desk.get_by_role("heading", name="Groepen: Deelsessies")
    )
    round_box.get_by_role("button", name="Evenwichtige groepen maken").click()
    round_box = desk.locator(
        "section", has=desk.get_by_role("heading", name="Groepen: Deelsessies")
    )
    round_box.get_by_label("Gespreksleider van groep 1").select_option(index=1)
    round_box.get_by_role("button", name=re.compile("Gespreksleider maken 1")).click()
    round_box = desk.locator(
        "section", has=desk.get_by_role("heading", name="Groepen: Deelsessies")
    )
    round_box.get_by_role("button", name="Groepen bekendmaken").click()
    desk.get_by_role("button", name=re.compile("Starten.*Doornemen: Intentieovereenkomst")).click()
    assert_accessible(desk)

    group_of = {
        m.participant.display_name or "Gijs": m.subgroup.topic
        for m in GroupMember.objects.select_related("participant", "subgroup")
    }
    # Omar (mkb, by name) and a municipality phone in the other group each propose a change.
    other = next(n for n in ("Olga", "Gijs") if group_of[n] != group_of["Omar"])
    for name in ("Omar", other):
        phone = phones[name]
        phone.reload()
        expect(phone.get_by_text(f"Uw groep neemt door: {group_of[name]}")).to_be_visible(
            timeout=10_000
        )
    articles = {"Kennis": "1 Kennis delen", "Looptijd": "3 Duur"}  # cards name them so
    omar = phones["Omar"]
    first_card = omar.locator("article.rt-article-card").first
    first_card.get_by_label("Wijzigen", exact=True).check()
    first_card.get_by_role("button", name="Mijn oordeel versturen").click()
    expect(omar.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    _propose(omar, articles[group_of["Omar"]], "Aangepaste tekst van de markt.", "Actueler")
    assert_accessible(omar)
    assert omar.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _propose(
        phones[other], articles[group_of[other]], "Aangepaste tekst van de gemeente.",
        "Helderder", on_behalf=True,
    )  # fmt: skip
    expect(phones[other].get_by_role("heading", name="Uw voorstellen")).to_be_visible()

    # The plenary: the consent round on what is still to decide.
    desk.get_by_role("button", name=re.compile("Sluiten.*Doornemen")).click()
    desk.goto(f"{base}/trajectories/{t.pk}/agreement-in-sessions/")
    expect(desk.get_by_text("2 voorstellen nog te besluiten.")).to_be_visible()
    desk.get_by_role("button", name="De instemmingsronde over de voorstellen klaarzetten").click()
    desk.get_by_role("button", name=re.compile("Starten.*Instemming met de voorstellen")).click()
    for round_no, objector in ((1, None), (2, "Olga")):
        for name, phone in phones.items():
            phone.reload()
            expect(phone.get_by_text("Kunt u met dit voorstel leven?")).to_be_visible(
                timeout=10_000
            )
            if name == objector:
                phone.get_by_label("Bezwaar", exact=True).check()
                phone.get_by_label("Reden (verplicht bij bezwaar of blokkeren)").fill("Nog te vaag")
            else:
                phone.get_by_label("Akkoord").check()
            phone.get_by_role("button", name="Versturen").click()
            expect(phone.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
        if round_no == 1:
            assert_accessible(phones["Mila"])
        desk.reload()
        desk.get_by_role("button", name="Besluiten met deze uitslag, dan het volgende").click()

    # Both decided by the room, with the tally per side, and proposed as the phones chose.
    desk.goto(f"{base}/trajectories/{t.pk}/agreements/v/{version.pk}/proposals/")
    cards = desk.locator("article.rt-proposal")
    expect(cards).to_have_count(2)
    for card in cards.all():
        expect(card).to_contain_text("Vastgesteld")
    expect(
        desk.locator("article.rt-proposal", has_text="Aangepaste tekst van de markt.")
    ).to_contain_text("Omar (mkb)")
    expect(
        desk.locator("article.rt-proposal", has_text="Aangepaste tekst van de gemeente.")
    ).to_contain_text("iemand (Gemeente)")
    expect(desk.locator("article.rt-proposal").first).to_contain_text(re.compile(r"mkb: voor 2"))
    expect(desk.get_by_text("Nog te vaag").first).to_be_visible()
    assert_accessible(desk)

    # The run sheet lists the groups with their hosts.
    import subprocess

    sheet = desk.request.get(f"{base}/trajectories/{t.pk}/sessions/{workshop.pk}/run-sheet.pdf")
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=sheet.body(), capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    from rondetafel.workshops.models import SubGroup

    host = SubGroup.objects.get(block__workshop=workshop, position=1).host
    assert host is not None and f"1. Kennis {host}" in text
    assert "Voor de gespreksleider van groep 2: Looptijd" in text

    # The next version carries both changes: its redline shows them.
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.models import Version

    Version.objects.filter(pk=version.pk).update(status="adopted")
    nxt = ag.version_consolidate(version=Version.objects.get(pk=version.pk), actor=None)
    desk.goto(f"{base}/trajectories/{t.pk}/agreements/v/{nxt.pk}/compare/")
    # (the full stop both texts share is outside the marks)
    expect(desk.locator("ins", has_text="Aangepaste tekst van de markt").first).to_be_visible()
    expect(desk.locator("ins", has_text="Aangepaste tekst van de gemeente").first).to_be_visible()
    assert_accessible(desk)
