"""Trust measured in a real browser: a resident fills in T0 through a link on a phone, then T1
during a live session on the same phone; the facilitator sees the paired result per side."""

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
    from rondetafel.trust import services as trust
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email="begeleider@test.example", full_name="Bea Begeleider", password=PASSWORD
    )
    t = ts.trajectory_create(created_by=facilitator, title="Boomgaardshoek", question="Samen?")
    survey = trust.survey_create(
        trajectory=t, actor=facilitator, title="Vertrouwen in de buurt", instruments=["klijn"]
    )
    t0 = trust.wave_open(survey=survey, actor=facilitator, label="T0")
    t1 = trust.wave_open(survey=survey, actor=facilitator, label="T1")
    items = list(survey.items.all())
    for i in range(5):  # five neighbours answered already, on their own phones
        for wave, value in ((t0, 2), (t1, 4)):
            trust.respond(
                wave=wave,
                code=f"buur{i}",
                side="residents",
                answers={str(item.pk): value for item in items},
                device=f"phone-{i}",
            )
    workshop = ws.workshop_create(trajectory=t, actor=facilitator, title="Buurtavond")
    return t, survey, t0, t1, workshop, items


def _fill(page, items, code, choice):
    page.get_by_label("Uw code").fill(code)
    page.get_by_role("group", name="Ik doe mee als").get_by_label("Bewoners").check()
    for item in items:
        page.get_by_role("group", name=item.text_nl).get_by_label(choice).check()
    assert_accessible(page)
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    expect(page.get_by_text(re.compile("Dank u: uw antwoorden zijn vastgelegd"))).to_be_visible()


def test_t0_by_link_t1_in_the_session_and_the_paired_result_per_side(live_server, browser):
    from rondetafel.trust import services as trust

    t, survey, t0, t1, workshop, items = _setup()
    base = live_server.url
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()

    # T0 through the link the facilitator sent
    phone.goto(f"{base}/v/{t0.token}/")
    expect(phone.get_by_role("heading", name="Vertrouwen in de buurt")).to_be_visible()
    _fill(phone, items, "AN07", "2 oneens")
    trust.wave_set_status(wave=t0, actor=None, status="closed")

    # T1 on the same phone, during the session
    t1.workshop = workshop
    t1.save(update_fields=["workshop"])
    phone.goto(f"{base}/j/{workshop.join_code}/")
    phone.get_by_label("Bewoners").check()
    phone.get_by_role("button", name="Meedoen").click()
    link = phone.get_by_role("link", name=re.compile("Vul de korte vragenlijst in"))
    expect(link).to_be_visible()
    assert_accessible(phone)
    link.click()
    _fill(phone, items, "an07", "4 eens")

    # The facilitator's report: six residents answered both times
    facilitator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(facilitator, base, "begeleider@test.example", PASSWORD)
    facilitator.goto(f"{base}/trajectories/{t.pk}/")
    facilitator.get_by_role("link", name="Vertrouwen, gemeten").first.click()
    facilitator.get_by_role("link", name=re.compile("^Rapport")).click()
    residents = facilitator.locator(
        "section", has=facilitator.get_by_role("heading", name="Bewoners")
    )
    expect(residents).to_contain_text(
        "steeg van 2,0 naar 4,0 bij de 6 respondenten van Bewoners die zowel bij T0 als bij T1 "
        "antwoordden; met 6 paren is dit een duidelijke verandering"
    )
    expect(residents.locator("svg.rt-trust-chart")).to_be_visible()
    expect(residents.locator("table").first).to_contain_text("4,0")
    assert_accessible(facilitator)
