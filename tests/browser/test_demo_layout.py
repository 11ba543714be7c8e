"""The demo as its users meet it, looked at on a 390-pixel phone and a desktop: the key pages
have no horizontal overflow and no word broken inside (a squeezed table column shows up as one),
and axe finds nothing. A resident's overview does not offer what a resident may not open. The
signed Dordrecht agreement reads its articles in order in the PDF people signed."""

import os
import re
import subprocess

import pytest
from django.urls import reverse

from conftest import assert_accessible, assert_layout, pass_second_factor, require_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rondetafel-demo"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _key_pages():
    from rondetafel.agreements.constants import VersionStatus
    from rondetafel.agreements.models import Version
    from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE, DORDRECHT_TITLE, load_demo
    from rondetafel.scenarios.models import ScenarioField
    from rondetafel.signing.models import Ceremony
    from rondetafel.trajectories.models import Trajectory
    from rondetafel.trust.models import Survey

    load_demo()
    t = Trajectory.objects.get(title=DORDRECHT_TITLE)
    workshop = t.workshops.first()
    signed = Version.objects.get(agreement__trajectory=t, status=VersionStatus.SIGNED)
    ceremony = Ceremony.objects.filter(version=signed).first()
    survey = Survey.objects.filter(trajectory=t).first()
    pages = {
        "overview": reverse("trajectories:detail", args=[t.pk]),
        "console": reverse("workshops:console", args=[t.pk, workshop.pk]),
        "presenter": reverse("workshops:screen", args=[t.pk, workshop.pk]),
        "report": reverse("workshops:report", args=[t.pk, workshop.pk]),
        "register": reverse("stakeholders:register", args=[t.pk]),
        "grid": reverse("stakeholders:grid", args=[t.pk]),
        "version": reverse("agreements:version", args=[t.pk, signed.pk]),
        "signing": reverse("signing:ceremony", args=[t.pk, ceremony.pk]),
        "trust report": reverse("trust:report", args=[t.pk, survey.pk]),
    }
    field = ScenarioField.objects.get(trajectory__title=BOOMGAARDSHOEK_TITLE)
    pages["scenario field"] = reverse("scenarios:detail", args=[field.trajectory_id, field.pk])
    # Step 5: the dashboard, the log, the commitments, a meeting, the reports.
    from rondetafel.governance.models import Meeting
    from rondetafel.reports.models import Report

    meeting = Meeting.objects.filter(body__trajectory=t, minutes_status="approved").first()
    case = Report.objects.get(trajectory=t, kind="case")
    participation = Report.objects.get(trajectory=field.trajectory, kind="participation")
    pages.update(
        {
            "dashboard": reverse("governance:dashboard", args=[t.pk]),
            "decisions": reverse("governance:decisions", args=[t.pk]),
            "commitments": reverse("governance:commitments", args=[t.pk]) + "?view=all",
            "meeting": reverse("governance:meeting", args=[t.pk, meeting.pk]),
            "case report": reverse("reports:report", args=[t.pk, case.pk]),
            "you said we did": reverse("reports:feedback", args=[t.pk]),
            "participation report": reverse(
                "reports:report", args=[field.trajectory_id, participation.pk]
            ),
            "body": reverse("governance:body", args=[t.pk, meeting.body_id]),
            "my commitments": reverse("governance:inbox"),
            "engagement plan": reverse("stakeholders:engagement", args=[t.pk]),
            "sessions and the method library": reverse("workshops:list", args=[t.pk]),
            "agreement in sessions": reverse("review:index", args=[t.pk]),
        }
    )
    return t, signed, ceremony, pages


def _log_in(page, base, email):
    page.goto(f"{base}/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    pass_second_factor(page, email)
    page.wait_for_url(re.compile(r"/trajectories/"))


def test_key_pages_are_laid_out_on_phone_and_desktop(live_server, browser):
    """Both viewports in one test: the demo is built once (it takes half a minute)."""
    _t, _signed, _ceremony, pages = _key_pages()
    for viewport in sorted(VIEWPORTS):
        try:
            _lay_out(live_server, browser, pages, viewport)
        except AssertionError as exc:
            raise AssertionError(f"on the {viewport} viewport: {exc}") from exc


def _lay_out(live_server, browser, pages, viewport):
    page = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    _log_in(page, live_server.url, "marieke.de.vries@demo.example")
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        if os.environ.get("RONDETAFEL_SCREENSHOTS"):  # a folder to look at the pages in
            folder = os.environ["RONDETAFEL_SCREENSHOTS"]
            slug = name.replace(" ", "-")
            page.screenshot(path=os.path.join(folder, f"{viewport}-{slug}.png"), full_page=True)
        assert_layout(page)
        assert_accessible(page)
        if name == "console":
            # Expandable sections keep their disclosure triangle (axe does not look at it).
            displays = page.eval_on_selector_all(
                "summary", "els => els.map(e => getComputedStyle(e).display)"
            )
            assert displays and set(displays) == {"list-item"}, displays
        if name == "trust report":
            text = page.inner_text("main")
            assert "p = 0,000" not in text and "d_z" not in text
        if name == "overview":
            # The theme's fonts are shipped: headings in Noto Serif, text in Noto Sans.
            page.evaluate("document.fonts.ready")
            assert page.evaluate("""document.fonts.check('700 32px "Noto Serif"')""")
            assert page.evaluate("""document.fonts.check('400 16px "Noto Sans"')""")
            families = page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
            )
            assert any("Noto Serif" in f for f in families), families


def test_signed_pdf_reads_in_order_and_a_resident_sees_only_their_part(live_server, browser):
    t, signed, ceremony, pages = _key_pages()
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    _log_in(page, live_server.url, "sahin.yilmaz@demo.example")
    response = page.request.get(
        live_server.url + reverse("signing:document", args=[t.pk, ceremony.pk])
    )
    assert response.ok
    text = subprocess.run(
        [require_command("pdftotext", "poppler-utils"), "-", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    numbers = []
    for n in re.findall(r"Artikel (\d+)", text):
        if not numbers or numbers[-1] != n:
            numbers.append(n)
    assert numbers == sorted(numbers, key=int) and len(numbers) >= 10, numbers

    # The published case report, as a participant downloads it: the seed story's shape in
    # order, with the measured results and the client's quote (given with consent).
    response = page.request.get(live_server.url + pages["case report"].rstrip("/") + "/report.pdf")
    assert response.ok
    case = subprocess.run(
        [require_command("pdftotext", "poppler-utils"), "-", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    headings = ["De vraag", "Achtergrond", "Aanpak", "Resultaten", "Wat we leerden", "Gemeten"]
    at = [re.search(rf"^{h}$", case, re.MULTILINE).start() for h in headings]  # as headings
    assert at == sorted(at)
    assert "24 handtekeningen" in " ".join(case.split())
    assert "Vertrouwen in de samenwerking steeg" in case
    assert "als gelijken aan tafel" in case and "Hans Bakker" in case
    assert "aanbestedingskalender staat voordat" not in case  # a quote without consent

    page.goto(live_server.url + pages["overview"])
    assert_layout(page)
    assert_accessible(page)
    # A participant is not offered the register (it answers 403 for them).
    assert page.locator(f'a[href="{pages["register"]}"]').count() == 0

    # A resident of Boomgaardshoek: their own overview, on a phone, without the register.
    from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE
    from rondetafel.trajectories.models import Trajectory

    resident = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    _log_in(resident, live_server.url, "annie.van.dam@demo.example")
    boomgaardshoek = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
    resident.goto(live_server.url + reverse("trajectories:detail", args=[boomgaardshoek.pk]))
    register = reverse("stakeholders:register", args=[boomgaardshoek.pk])
    assert resident.locator(f'a[href="{register}"]').count() == 0
    assert_layout(resident)
    assert_accessible(resident)
