"""Signing in a real browser: the facilitator opens an adopted agreement for signing, three
participants sign on phone viewports (one with an e-mail code, two with the room code), the
presenter screen follows along, and the final PDF passes our verify and pyHanko's own command
line while a tampered copy is caught on the public verification page."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Heel-Geheim-2026"
PHONE = {"width": 390, "height": 844}
PEOPLE = (
    ("ayse@test.example", "Ayşe Şahin", "city"),
    ("lukasz@test.example", "Łukasz Nowak", "sme"),
    ("ijsbrand@test.example", "IJsbrand van Zoë", "sme"),
)


def _setup():
    from rondetafel.accounts.services import user_create
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.structure import parse_markdown
    from rondetafel.trajectories import services as ts

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(
        created_by=facilitator, title="Herijking", question="Hoe verder samen?"
    )
    parties = {
        "city": ts.party_create(
            trajectory=t, actor=facilitator, name="Gemeente Dordrecht", side="municipality"
        ),
        "sme": ts.party_create(
            trajectory=t, actor=facilitator, name="Stichting GWW", side="market"
        ),
    }
    for email, name, party in PEOPLE:
        user = user_create(email=email, full_name=name, password=PASSWORD)
        ts.membership_create(
            trajectory=t, user=user, role="participant", party=parties[party], actor=facilitator
        )
    version = ag.agreement_create(
        trajectory=t,
        actor=facilitator,
        title="Intentieovereenkomst 2026",
        parsed=parse_markdown(
            "# Intentieovereenkomst\n## Afspraken\n### Artikel 1 Samen\nWe werken als gelijken samen."
        ),
    )
    ag.version_set_status(version=version, actor=facilitator, status="adopted")
    return t


def _signer_page(browser, base, email):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, base, email, PASSWORD)
    return page


def _open_sign_form(page, base, t):
    page.goto(f"{base}/trajectories/{t.pk}/signing/")
    page.get_by_role("link", name=re.compile("Intentieovereenkomst 2026")).click()
    page.get_by_role("link", name="Nu ondertekenen").click()
    expect(page.get_by_role("heading", name=re.compile("ondertekenen"))).to_be_visible()


def test_three_people_sign_and_the_pdf_verifies(live_server, browser, tmp_path):
    t = _setup()
    base = live_server.url

    # The facilitator opens the agreement for signing.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, "begeleider@test.example", PASSWORD)
    desk.goto(f"{base}/trajectories/{t.pk}/signing/")
    assert_accessible(desk)
    desk.get_by_role("link", name=re.compile("openstellen voor ondertekening")).click()
    assert_accessible(desk)
    desk.get_by_label("Iedereen die meedoet (deelnemers en opdrachtgevers)").check()
    desk.get_by_label("In willekeurige volgorde").check()
    desk.get_by_role("button", name="Ondertekening starten").click()
    expect(desk.get_by_text("De overeenkomst staat open voor ondertekening.")).to_be_visible()
    expect(desk.get_by_text("0 van 3 ondertekend")).to_be_visible()
    assert_accessible(desk)
    room_code = desk.locator(".rt-room-code").inner_text().strip()
    assert len(room_code) == 6

    # The projector.
    screen = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    log_in(screen, base, "begeleider@test.example", PASSWORD)
    desk.get_by_role("link", name="Presentatiescherm").click()
    screen.goto(desk.url)
    expect(screen.get_by_text("0 van 3 ondertekend")).to_be_visible()
    assert_accessible(screen)

    # 1: with a code by e-mail, and a drawn signature.
    phone = _signer_page(browser, base, PEOPLE[0][0])
    _open_sign_form(phone, base, t)
    assert_accessible(phone)
    mail.outbox.clear()
    phone.get_by_role("button", name=re.compile("Stuur een code naar")).click()
    expect(phone.get_by_text(re.compile("We hebben een code gestuurd"))).to_be_visible()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    phone.get_by_label("Eenmalige code per e-mail").check()
    phone.get_by_label("Code", exact=True).fill(code)
    pad = phone.locator("canvas.rt-drawing__pad")
    box = pad.bounding_box()
    phone.mouse.move(box["x"] + 20, box["y"] + 40)
    phone.mouse.down()
    for step in range(1, 12):
        phone.mouse.move(box["x"] + 20 + step * 25, box["y"] + 40 + (step % 3) * 15)
    phone.mouse.up()
    phone.get_by_label(
        "Ik heb de tekst gelezen, dit ben ik, en ik onderteken deze overeenkomst."
    ).check()
    phone.get_by_role("button", name="Ondertekenen", exact=True).click()
    expect(phone.get_by_text("Dank u: uw handtekening is gezet.")).to_be_visible()
    assert_accessible(phone)
    expect(screen.get_by_text("1 van 3 ondertekend")).to_be_visible(timeout=10_000)

    # 2 and 3: with the room code; the first tries a wrong code once.
    for index, (email, _name, _party) in enumerate(PEOPLE[1:]):
        phone = _signer_page(browser, base, email)
        _open_sign_form(phone, base, t)
        phone.get_by_label("Code getoond in de zaal").check()
        phone.get_by_label(
            "Ik heb de tekst gelezen, dit ben ik, en ik onderteken deze overeenkomst."
        ).check()
        if index == 0:
            phone.get_by_label("Code", exact=True).fill("FOUT99")
            phone.get_by_role("button", name="Ondertekenen", exact=True).click()
            expect(
                phone.get_by_text("Deze code is onjuist of verlopen. U hebt nog 4 pogingen.")
            ).to_be_visible()
            assert_accessible(phone)
            phone.get_by_label(
                "Ik heb de tekst gelezen, dit ben ik, en ik onderteken deze overeenkomst."
            ).check()
        phone.get_by_label("Code", exact=True).fill(room_code.lower())
        phone.get_by_role("button", name="Ondertekenen", exact=True).click()
        expect(phone.get_by_text("Dank u: uw handtekening is gezet.")).to_be_visible()

    expect(screen.get_by_text("3 van 3 ondertekend")).to_be_visible(timeout=10_000)
    expect(screen.get_by_text("Iedereen heeft ondertekend. Dank u wel!")).to_be_visible()
    assert_accessible(screen)

    # The signed PDF, as a participant downloads it.
    phone.goto(f"{base}/trajectories/{t.pk}/signing/")
    phone.get_by_role("link", name=re.compile("Intentieovereenkomst 2026")).click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Ondertekende pdf", exact=True).click()
    signed = tmp_path / "ondertekend.pdf"
    download.value.save_as(signed)

    from rondetafel.signing import authority, selectors

    report, record = selectors.verify(signed.read_bytes())
    assert report.ok and record.final
    assert {s.signer for s in report.signatures if s.kind == "approval"} == {p[1] for p in PEOPLE}

    root = tmp_path / "root.pem"
    root.write_bytes(authority.get().root_pem)
    cli = os.path.join(os.path.dirname(sys.executable), "pyhanko")
    if not os.path.exists(cli):
        cli = shutil.which("pyhanko")
    checked = subprocess.run(
        [
            cli,
            "sign",
            "validate",
            "--trust",
            str(root),
            "--trust-replace",
            "--executive-summary",
            str(signed),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("VALID") >= 4  # the platform's certification and three signers

    # A tampered copy, on the public verification page (no account needed).
    data = bytearray(signed.read_bytes())
    data[data.index(b"/Producer") + 12] ^= 0x01
    tampered = tmp_path / "gewijzigd.pdf"
    tampered.write_bytes(bytes(data))
    public = browser.new_context(viewport=PHONE).new_page()
    public.goto(f"{base}/verify/")
    assert_accessible(public)
    public.get_by_label("Ondertekende pdf").set_input_files(str(tampered))
    public.get_by_role("button", name="Controleren").click()
    expect(public.get_by_text("Dit document is niet betrouwbaar:")).to_be_visible()
    expect(
        public.get_by_text("niet geldig: de ondertekende inhoud is gewijzigd").first
    ).to_be_visible()
    assert_accessible(public)
    public.get_by_label("Ondertekende pdf").set_input_files(str(signed))
    public.get_by_role("button", name="Controleren").click()
    expect(
        public.get_by_text(
            re.compile("Alle handtekeningen zijn geldig, er is na ondertekening niets gewijzigd")
        )
    ).to_be_visible()
    assert_accessible(public)
