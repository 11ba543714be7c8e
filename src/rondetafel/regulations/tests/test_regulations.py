"""Letting go of rules below the browser: import (and its refusals), the inventory, every
side's assessment at its own pace and from phones, the decision, the framework documents and
the draft agreement, a newer version of the ordinance, and the right to challenge."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rondetafel.accounts.services import user_create
from rondetafel.regulations import cvdr, importing, selectors, services
from rondetafel.regulations.constants import ASSESS_KIND, ChallengeStatus, Form
from rondetafel.regulations.models import Assessment, Provision, Regulation, Rule
from rondetafel.trajectories import services as ts
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.tasks import open_tasks
from rondetafel.workshops import services as ws

pytestmark = pytest.mark.django_db

SAMPLE = (Path(cvdr.__file__).parent / "samples" / "apv-voorbeeld.xml").read_bytes()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regulation(world):
    return importing.import_xml(
        trajectory=world.trajectory, actor=world.users["facilitator"], content=SAMPLE
    ).regulation


@pytest.fixture
def resident(world):
    facilitator = world.users["facilitator"]
    party = ts.party_create(
        trajectory=world.trajectory, actor=facilitator, name="Bewoners", side=Side.RESIDENTS
    )
    user = user_create(email="bewoner@test.example", full_name="Bewoner", password="pw-Geheim-123")
    ts.membership_create(
        trajectory=world.trajectory,
        user=user,
        role=Role.PARTICIPANT,
        party=party,
        actor=facilitator,
    )
    return user


def _rules(world, regulation, *numbers):
    provisions = [regulation.provisions.get(number=n) for n in numbers]
    services.rules_from_provisions(
        trajectory=world.trajectory, actor=world.users["facilitator"], provisions=provisions
    )
    return [Rule.objects.get(provision=p) for p in provisions]


ANSWER = {
    "safety": "no",
    "health": "no",
    "beyond_area": "no",
    "higher_law": "no",
    "outcome": "hand_over",
    "role": "let_go",
    "reason": "Dat kan de buurt zelf.",
    "conditions": "",
}


# --- import -----------------------------------------------------------------------------------


def test_importing_the_sample_through_the_page_keeps_every_article_in_order(world):
    client = _client(world.users["facilitator"])
    response = client.post(
        reverse("regulations:import_xml", args=[world.trajectory.pk]),
        {"xml-file": SimpleUploadedFile("apv.xml", SAMPLE, "application/xml")},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "30 artikelen geïmporteerd" in page
    regulation = Regulation.objects.get(trajectory=world.trajectory)
    assert regulation.short_title == "APV Rotterdam"
    numbers = list(regulation.provisions.values_list("number", flat=True))
    assert numbers[:3] == ["1:1", "1:2", "1:3"] and numbers[-1] == "6:2"
    # what a reader sees: articles in the order of the ordinance, under their chapters
    assert page.index("Artikel 2:10") < page.index("Artikel 2:26") < page.index("Artikel 4:1")
    assert "Hoofdstuk 2 Openbare orde · Afdeling 4 Evenementen" in page


def test_the_same_version_twice_is_refused_and_nothing_changes(world, regulation):
    client = _client(world.users["facilitator"])
    response = client.post(
        reverse("regulations:import_xml", args=[world.trajectory.pk]),
        {"xml-file": SimpleUploadedFile("apv.xml", SAMPLE, "application/xml")},
    )
    assert response.status_code == 400
    assert "CVDR990001 versie 1 is al geïmporteerd" in response.content.decode()
    assert Regulation.objects.count() == 1 and Provision.objects.count() == 30


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<cvdr><meta>", "geen goedgevormde XML"),
        (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><cvdr>&e;</cvdr>', "entiteiten"),
        (b"<html/>", "geen CVDR-regeling"),
    ],
)
def test_a_bad_xml_file_is_refused_in_dutch_and_stores_nothing(world, regulation, content, says):
    client = _client(world.users["facilitator"])
    response = client.post(
        reverse("regulations:import_xml", args=[world.trajectory.pk]),
        {"xml-file": SimpleUploadedFile("bad.xml", content, "application/xml")},
    )
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Regulation.objects.count() == 1 and Provision.objects.count() == 30


def _newer(sample: bytes) -> bytes:
    return (
        sample.replace(b"CVDR990001_1", b"CVDR990001_2")
        .replace(b"niet meer dan 200 personen", b"niet meer dan 350 personen")
        .replace(
            b"<kop><label>Artikel</label><nr>5:3</nr>",
            b"<kop><label>Artikel</label><nr>5:4</nr>",
        )
    )


def test_a_newer_version_goes_beside_the_old_and_flags_what_changed(world, regulation, resident):
    small_event, green = _rules(world, regulation, "2:26", "4:11")
    services.assessment_save(rule=small_event, user=resident, data=ANSWER)
    services.decision_record(
        rule=small_event,
        actor=world.users["facilitator"],
        outcome="hand_over",
        role="let_go",
        reason="Besloten.",
    )
    report = importing.import_xml(
        trajectory=world.trajectory, actor=world.users["facilitator"], content=_newer(SAMPLE)
    )
    assert report.regulation.previous == regulation
    assert report.changed == ["2:26"] and report.new == ["5:4"] and report.dropped == ["5:3"]
    assert report.flagged_rules == 1
    small_event.refresh_from_db()
    green.refresh_from_db()
    assert small_event.needs_review and not green.needs_review
    assert small_event.provision.regulation == report.regulation  # cites the new version
    assert "350 personen" in small_event.provision.text
    assert Assessment.objects.get(rule=small_event).needs_review
    assert small_event.decision.needs_review
    page = _client(world.users["facilitator"]).get(
        reverse("regulations:rule", args=[world.trajectory.pk, small_event.pk])
    )
    assert "te herzien" in page.content.decode()


def _sheet_post(client, world, name, content, **extra):
    return client.post(
        reverse("regulations:import_sheet", args=[world.trajectory.pk]),
        {
            "sheet-file": SimpleUploadedFile(name, content),
            "sheet-title": "Beleidsregels groen",
            "sheet-identifier": "",
            "sheet-version": "1",
            **extra,
        },
        follow=True,
    )


def test_a_spreadsheet_of_articles_imports_all_or_nothing(world):
    client = _client(world.users["facilitator"])
    good = "artikel;titel;tekst\n1;Maaien;Het gras wordt maandelijks gemaaid.\n2;Snoeien;Heggen worden in maart gesnoeid.\n"
    response = _sheet_post(client, world, "regels.csv", good.encode())
    assert "2 artikelen geïmporteerd" in response.content.decode()
    assert list(Provision.objects.values_list("number", flat=True)) == ["1", "2"]

    missing = "titel;tekst\nMaaien;Het gras.\n"
    response = _sheet_post(client, world, "kapot.csv", missing.encode())
    assert (
        "ontbreekt de kolom" in response.content.decode()
        or "mist de kolom" in response.content.decode()
    )

    bad_rows = "artikel,titel,tekst\n1,Maaien,Het gras.\n,Zonder nummer,Tekst.\n3,Zonder tekst,\n"
    response = _sheet_post(client, world, "rijen.csv", bad_rows.encode(), **{"sheet-version": "2"})
    page = response.content.decode()
    assert "Niets geïmporteerd" in page and "Rij 3" in page and "Rij 4" in page
    assert Regulation.objects.count() == 1  # only the good file


def test_an_xlsx_spreadsheet_imports(world):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Article", "Title", "Text"])
    book.active.append(["2:10", "Voorwerpen", "Geen voorwerpen op de weg."])
    out = io.BytesIO()
    book.save(out)
    report = importing.import_sheet(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        filename="apv.xlsx",
        content=out.getvalue(),
        title="APV",
        identifier="CVDR5",
        version="3",
    )
    assert report.articles == 1
    assert report.regulation.provisions.get().citation() == "APV art. 2:10"


# --- inventory, assessment, aggregation -------------------------------------------------------


def test_the_inventory_guesses_forms_keeps_citations_and_skips_what_is_in(world, regulation):
    rules = _rules(world, regulation, "2:25", "2:26", "4:12", "2:30", "2:1")
    assert [r.form for r in rules] == [
        Form.PERMIT,
        Form.PERMIT,  # "Geen vergunning is vereist ... melding": the permit is what it is about
        Form.PERMIT,
        Form.DESIGNATION,
        Form.DIRECT_NORM,
    ]
    assert rules[0].citation == "APV Rotterdam art. 2:25"
    again = services.rules_from_provisions(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        provisions=[regulation.provisions.get(number="2:25")],
    )
    assert again == [] and Rule.objects.count() == 5
    policy = services.rule_add_policy(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title="Beleidsregel wijkbudget",
        text="Aanvragen via de gemeente.",
    )
    assert policy.form == Form.POLICY and policy.citation == ""


def test_each_side_assesses_and_the_page_shows_where_sides_agree_and_differ(
    world, regulation, resident
):
    events, signs = _rules(world, regulation, "2:25", "2:13")
    officer = world.users["participant"]  # on the municipality's side
    for user, outcome in ((resident, "conditions"), (officer, "keep")):
        services.assessment_save(
            rule=events,
            user=user,
            data={**ANSWER, "outcome": outcome, "conditions": "Met een draaiboek."},
        )
        services.assessment_save(rule=signs, user=user, data=ANSWER)
    views = {v.rule: v for v in selectors.aggregation(world.trajectory)}
    assert views[events].status == "differ" and views[signs].status == "agree"
    by_side = {s.side: s for s in views[events].sides}
    assert (
        by_side["residents"].outcome == "conditions" and by_side["municipality"].outcome == "keep"
    )
    page = _client(officer).get(reverse("regulations:results", args=[world.trajectory.pk]))
    text = page.content.decode()
    assert "De kanten verschillen" in text or "de kanten verschillen" in text
    assert "de kanten zijn het eens" in text
    detail = _client(officer).get(
        reverse("regulations:rule", args=[world.trajectory.pk, events.pk])
    )
    assert "Met een draaiboek." in detail.content.decode()
    assert "Een vergunning zonder einddatum" in detail.content.decode()  # a move for a permit


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"outcome": "conditions", "conditions": ""}, "conditions"),
        ({"safety": "misschien"}, "safety"),
        ({"role": "dictate"}, "role"),
    ],
)
def test_an_incomplete_assessment_is_refused_and_the_earlier_one_stays(
    world, regulation, resident, change, field
):
    (rule,) = _rules(world, regulation, "2:25")
    services.assessment_save(rule=rule, user=resident, data=ANSWER)
    with pytest.raises(ValidationError) as caught:
        services.assessment_save(rule=rule, user=resident, data={**ANSWER, **change})
    assert field in caught.value.message_dict
    assert Assessment.objects.get(rule=rule).reason == ANSWER["reason"]


def test_the_assessment_form_says_what_is_missing_in_dutch(world, regulation, resident):
    (rule,) = _rules(world, regulation, "2:25")
    response = _client(resident).post(
        reverse("regulations:assess", args=[world.trajectory.pk, rule.pk]),
        {**ANSWER, "outcome": "conditions", "conditions": ""},
    )
    assert response.status_code == 400
    assert "Zeg onder welke voorwaarden." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_rule_taken_out_of_the_inventory_takes_no_assessment(world, regulation, resident):
    (rule,) = _rules(world, regulation, "2:25")
    services.rule_remove(rule=rule, actor=world.users["facilitator"])
    response = _client(resident).post(
        reverse("regulations:assess", args=[world.trajectory.pk, rule.pk]), ANSWER
    )
    assert response.status_code == 400
    assert "uit de inventaris gehaald" in response.content.decode()
    assert not Assessment.objects.exists()


def test_observers_read_along_but_do_not_assess_or_decide(world, regulation):
    (rule,) = _rules(world, regulation, "2:25")
    observer = _client(world.users["observer"])
    assert (
        observer.get(reverse("regulations:results", args=[world.trajectory.pk])).status_code == 200
    )
    assert (
        observer.post(
            reverse("regulations:assess", args=[world.trajectory.pk, rule.pk]), ANSWER
        ).status_code
        == 403
    )
    decided = observer.post(
        reverse("regulations:decide", args=[world.trajectory.pk, rule.pk]),
        {"outcome": "keep", "role": "regulate", "reason": "x"},
    )
    assert decided.status_code == 403
    outsider = _client(world.users["other_facilitator"])
    assert (
        outsider.get(reverse("regulations:results", args=[world.trajectory.pk])).status_code == 403
    )


def test_the_results_page_costs_the_same_queries_for_few_or_many_rules(world, regulation, resident):
    client = _client(resident)
    url = reverse("regulations:results", args=[world.trajectory.pk])

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = _rules(world, regulation, "2:25", "2:26")
    for rule in few:
        services.assessment_save(rule=rule, user=resident, data=ANSWER)
    at_two = queries()
    more = _rules(world, regulation, "2:10", "2:11", "2:12", "2:13", "4:1", "4:10", "4:11")
    for rule in more:
        services.assessment_save(rule=rule, user=resident, data=ANSWER)
    assert queries() == at_two


# --- from phones in a live session -------------------------------------------------------------


def _phone(workshop, side):
    phone = Client()
    phone.post(
        reverse("workshops:join", args=[workshop.join_code]), {"display_name": "", "side": side}
    )
    return phone


def test_phones_assess_one_rule_at_a_time_and_the_answers_reach_the_rules_pages(
    world, regulation, resident, django_capture_on_commit_callbacks
):
    facilitator = world.users["facilitator"]
    ts.party_create(
        trajectory=world.trajectory, actor=facilitator, name="Politie", side=Side.SAFETY
    )
    first, second = _rules(world, regulation, "2:25", "4:11")
    workshop = ws.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Buurtavond"
    )
    activity = services.assessing_start(
        trajectory=world.trajectory, workshop=workshop, actor=facilitator
    )
    assert activity.kind == ASSESS_KIND
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    residents, police = _phone(workshop, "residents"), _phone(workshop, "safety")
    live = reverse("workshops:live", args=[workshop.join_code])
    page = residents.get(live).content.decode()
    assert "Regel 1 van 2" in page and "Evenementenvergunning" in page
    respond = reverse("workshops:respond", args=[workshop.join_code, activity.pk])
    with django_capture_on_commit_callbacks(execute=True):
        residents.post(respond, {"item": str(first.pk), **ANSWER, "outcome": "conditions",
                                 "conditions": "Tot 500 mensen."})  # fmt: skip
        police.post(respond, {"item": str(first.pk), **ANSWER, "outcome": "keep", "safety": "yes"})
    bad = police.post(respond, {"item": str(first.pk), **ANSWER, "reason": ""}, follow=True)
    assert "Geef uw reden." in bad.content.decode()
    sides = {a.side: a.outcome for a in Assessment.objects.filter(rule=first)}
    assert sides == {"residents": "conditions", "safety": "keep"}
    (view,) = selectors.aggregation(world.trajectory, [first])
    assert view.status == "differ"
    # the facilitator moves on; the phones follow
    console = _client(facilitator)
    console.post(
        reverse("workshops:activity_control", args=[world.trajectory.pk, workshop.pk, activity.pk]),
        {"command": "next"},
    )
    assert "Regel 2 van 2" in residents.get(live).content.decode()
    assert (
        "Groen" in residents.get(live).content.decode()
        or "groen" in residents.get(live).content.decode()
    )
    # a rule taken out meanwhile takes no more answers
    services.rule_remove(rule=second, actor=facilitator)
    refused = residents.post(respond, {"item": str(second.pk), **ANSWER}, follow=True)
    assert "uit de inventaris gehaald" in refused.content.decode()


# --- decision, framework, agreement -----------------------------------------------------------


def _decide_three(world, regulation):
    keep, hand, cond = _rules(world, regulation, "2:21", "4:12", "4:11")
    facilitator = world.users["facilitator"]
    services.decision_record(rule=keep, actor=facilitator, outcome="keep", role="regulate",
                             reason="Brandveiligheid is basisveiligheid.")  # fmt: skip
    services.decision_record(rule=hand, actor=facilitator, outcome="hand_over", role="let_go",
                             reason="De buurt spreekt de maat af.")  # fmt: skip
    services.decision_record(rule=cond, actor=facilitator, outcome="conditions",
                             role="facilitate", conditions="Jaarlijkse schouw.",
                             reason="Bewoners onderhouden het groen.")  # fmt: skip
    return keep, hand, cond


def test_a_decision_needs_its_reason_and_conditions(world, regulation):
    (rule,) = _rules(world, regulation, "2:25")
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            rule=rule,
            actor=world.users["facilitator"],
            outcome="conditions",
            role="direct",
            reason="",
        )
    assert set(caught.value.message_dict) == {"reason", "conditions"}


def test_the_framework_pdf_and_docx_read_in_order_with_their_citations(world, regulation, tmp_path):
    _decide_three(world, regulation)
    client = _client(world.users["participant"])
    pdf = client.get(reverse("regulations:framework_pdf", args=[world.trajectory.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "kader.pdf"
    path.write_bytes(pdf.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    central = text.index("Wat centraal blijft")
    handed = text.index("Wat aan de buurt wordt overgedragen")
    conditional = text.index("Wat onder voorwaarden wordt overgedragen")
    still_open = text.index("Wat nog open is")
    assert central < text.index("APV Rotterdam art. 2:21") < handed
    assert handed < text.index("APV Rotterdam art. 4:12") < conditional
    assert conditional < text.index("Jaarlijkse schouw.") < still_open
    assert "Brandveiligheid is basisveiligheid." in text

    from docx import Document

    docx = client.get(reverse("regulations:framework_docx", args=[world.trajectory.pk]))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs.index("Wat centraal blijft") < paragraphs.index(
        "Bron: APV Rotterdam art. 2:21"
    )
    assert paragraphs.index("Bron: APV Rotterdam art. 4:11") < paragraphs.index("Wat nog open is")


def test_the_framework_becomes_a_draft_agreement_article_by_article(world, regulation):
    _decide_three(world, regulation)
    response = _client(world.users["facilitator"]).post(
        reverse("regulations:framework_agreement", args=[world.trajectory.pk]),
        {"title": "Buurtafspraken Boomgaardshoek"},
        follow=True,
    )
    assert response.status_code == 200
    from rondetafel.agreements.models import Version
    from rondetafel.agreements.selectors import version_document

    version = Version.objects.get(title="Buurtafspraken Boomgaardshoek")
    assert version.status == "draft"
    headings = [
        (s.heading, [(a.number, a.heading) for a in s.articles.all()])
        for s in version_document(version=version)
    ]
    assert [h for h, _a in headings] == [
        "Wat centraal blijft",
        "Wat aan de buurt wordt overgedragen",
        "Wat onder voorwaarden wordt overgedragen",
    ]
    assert [a for _h, arts in headings for a in arts] == [
        ("1", "Brandveiligheid van buurtvoorzieningen"),
        ("2", "Geveltuinen"),
        ("3", "Beheer van openbaar groen"),
    ]
    article = version_document(version=version)[2].articles.get()
    assert "Bron: APV Rotterdam art. 4:11" in article.text and "Jaarlijkse schouw." in article.text


def test_without_decisions_there_is_no_agreement_to_make(world, regulation):
    _rules(world, regulation, "2:25")
    with pytest.raises(ValidationError):
        services.framework_to_agreement(
            trajectory=world.trajectory, actor=world.users["facilitator"], title="X"
        )


# --- right to challenge -----------------------------------------------------------------------


def _request_data(**change):
    return {
        "organisation": "Stichting Groen",
        "rooted": "Bewoners uit de wijk sinds 2019.",
        "task": "Onderhoud van de groenstroken.",
        "current_budget": Decimal("18500"),
        "plan": "Maandelijks onderhoud.",
        "added_value": "Ontmoeting.",
        "support": "146 handtekeningen.",
        "supporters": 146,
        "start_on": timezone.localdate() + timedelta(weeks=20),
        **change,
    }


def test_a_request_is_filed_assessed_decided_and_the_requester_sees_each_step(world, resident):
    client = _client(resident)
    url = reverse("regulations:challenges", args=[world.trajectory.pk])
    form = {k: v for k, v in _request_data().items()}
    form["start_on"] = form["start_on"].isoformat()
    response = client.post(url, form, follow=True)
    page = response.content.decode()
    assert "Ingediend" in page and "De gemeente beslist uiterlijk" in page
    request = selectors.challenges(world.trajectory).get()
    assert request.decision_due == timezone.localdate() + timedelta(weeks=8)
    # the reminder to the municipality, not to the resident
    assert any(
        "uitdaagrecht" in t.label.lower()
        for t in open_tasks(world.users["client"], world.trajectory)
    )
    assert not any(
        "uitdaagrecht" in t.label.lower() for t in open_tasks(resident, world.trajectory)
    )
    # a participant of another side cannot decide
    decide_url = reverse("regulations:challenge_decide", args=[world.trajectory.pk, request.pk])
    assert (
        _client(world.users["participant"])
        .post(decide_url, {"granted": "yes", "reason": "x"})
        .status_code
        == 403
    )
    municipality = _client(world.users["client"])
    # deciding before assessing is refused
    early = municipality.post(decide_url, {"granted": "yes", "reason": "Goed plan."}, follow=True)
    assert "Beoordeel het verzoek" in early.content.decode()
    assess_url = reverse("regulations:challenge_assess", args=[world.trajectory.pk, request.pk])
    municipality.post(
        assess_url,
        {"as_good_met": "yes", "not_dearer_met": "yes", "added_value_met": "no",
         "added_value_note": "Nog niet aangetoond.", "note": ""},
    )  # fmt: skip
    refused = municipality.post(decide_url, {"granted": "yes", "reason": "Goed plan."}, follow=True)
    assert "niet aan elk criterium voldoet" in refused.content.decode()
    municipality.post(
        assess_url,
        {"as_good_met": "yes", "not_dearer_met": "yes", "added_value_met": "yes", "note": ""},
    )
    municipality.post(decide_url, {"granted": "yes", "reason": "Voldoet aan de criteria."})
    request.refresh_from_db()
    assert request.status == ChallengeStatus.GRANTED
    seen = client.get(reverse("regulations:challenge", args=[world.trajectory.pk, request.pk]))
    text = seen.content.decode()
    assert "Toegekend" in text and "Voldoet aan de criteria." in text and "In beoordeling" in text
    # the yearly account, by the requester only
    report_url = reverse("regulations:challenge_report", args=[world.trajectory.pk, request.pk])
    year = timezone.localdate().year + 1
    client.post(report_url, {"year": year, "text": "Tien keer gemaaid.", "spent": "17000"})
    assert request.reports.get().year == year
    assert (
        _client(world.users["client"]).post(report_url, {"year": year + 1, "text": "x"}).status_code
        == 403
    )
    from rondetafel.core.models import AuditEntry

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"regulations.challenge_submitted", "regulations.challenge_assessed",
            "regulations.challenge_decided", "regulations.challenge_reported"} <= actions  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"task": ""}, "task"),
        ({"support": " "}, "support"),
        ({"start_on": timezone.localdate() + timedelta(weeks=2)}, "start_on"),
        ({"current_budget": Decimal("-5")}, "current_budget"),
    ],
)
def test_a_request_without_its_required_parts_is_refused(world, resident, change, field):
    with pytest.raises(ValidationError) as caught:
        services.challenge_submit(
            trajectory=world.trajectory, requester=resident, data=_request_data(**change)
        )
    assert field in caught.value.message_dict
    assert not selectors.challenges(world.trajectory).exists()


def test_the_request_form_says_what_is_missing(world, resident):
    response = _client(resident).post(
        reverse("regulations:challenges", args=[world.trajectory.pk]), {"organisation": "X"}
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()


def test_a_withdrawn_request_cannot_be_decided(world, resident):
    request = services.challenge_submit(
        trajectory=world.trajectory, requester=resident, data=_request_data()
    )
    services.challenge_withdraw(request=request, actor=resident)
    with pytest.raises(ValidationError):
        services.challenge_assess(
            request=request,
            actor=world.users["client"],
            criteria={k: {"met": True} for k in ("as_good", "not_dearer", "added_value")},
        )


def test_a_changed_assessment_changes_the_count_and_the_status(world, regulation, resident):
    (rule,) = _rules(world, regulation, "2:25")
    officer = world.users["participant"]
    services.assessment_save(rule=rule, user=officer, data={**ANSWER, "outcome": "keep"})
    services.assessment_save(rule=rule, user=resident, data=ANSWER)
    assert selectors.statuses(world.trajectory)[0].status == "differ"
    services.assessment_save(rule=rule, user=resident, data={**ANSWER, "outcome": "keep"})
    (status,) = selectors.statuses(world.trajectory)
    assert status.status == "agree"
    (view,) = selectors.aggregation(world.trajectory, [rule])
    assert {s.side: s.outcomes for s in view.sides} == {
        "municipality": {"keep": 1},
        "residents": {"keep": 1},
    }


def test_a_tie_within_a_side_reads_as_look_into_further(world, regulation, resident):
    (rule,) = _rules(world, regulation, "2:25")
    services.assessment_save(rule=rule, user=world.users["participant"], data=ANSWER)
    services.assessment_save(
        rule=rule, user=world.users["client"], data={**ANSWER, "outcome": "keep"}
    )
    (view,) = selectors.aggregation(world.trajectory, [rule])
    (municipality,) = view.sides
    assert municipality.count == 2 and municipality.outcome == "look_into"
    assert municipality.role == "let_go"


def test_the_results_filter_and_pages_show_what_they_say(world, regulation, resident):
    facilitator = world.users["facilitator"]
    for i in range(55):
        services.rule_add_policy(
            trajectory=world.trajectory,
            actor=facilitator,
            title=f"Beleidsregel {i:02d}",
            text="Tekst.",
        )
    first, second = list(selectors.rules(world.trajectory))[:2]
    services.assessment_save(rule=first, user=resident, data=ANSWER)
    services.assessment_save(
        rule=first, user=world.users["participant"], data={**ANSWER, "outcome": "keep"}
    )
    services.assessment_save(rule=second, user=resident, data=ANSWER)
    services.assessment_save(rule=second, user=world.users["participant"], data=ANSWER)
    client = _client(resident)
    url = reverse("regulations:results", args=[world.trajectory.pk])
    page = client.get(url).content.decode()
    assert "55 regels." in page and "Pagina 1 van 2" in page
    assert page.count('class="rt-card rt-rule"') == 50
    assert "Beleidsregel 00" in page and "Beleidsregel 50" not in page
    page_two = client.get(url, {"page": 2}).content.decode()
    assert page_two.count('class="rt-card rt-rule"') == 5 and "Beleidsregel 54" in page_two
    differ = client.get(url, {"status": "differ"}).content.decode()
    assert "1 regel getoond." in differ and "Beleidsregel 00" in differ
    assert "Beleidsregel 01" not in differ
    agree = client.get(url, {"status": "agree"}).content.decode()
    assert "Beleidsregel 01" in agree and "Beleidsregel 00" not in agree
    unknown = client.get(url, {"status": "<script>", "page": "x"})
    assert unknown.status_code == 200 and "<script>" not in unknown.content.decode()


def test_the_municipality_is_reminded_once_a_day_of_decisions_that_are_due(world, resident):
    from django.core import mail
    from django.core.management import call_command

    request = services.challenge_submit(
        trajectory=world.trajectory, requester=resident, data=_request_data()
    )
    due = request.decision_due
    assert services.challenge_reminders(today=due - timedelta(days=8)) == 0
    assert services.challenge_reminders(today=due - timedelta(days=3)) == 1
    (message,) = mail.outbox
    assert set(message.to) == {"facilitator@test.example", "client@test.example"}
    assert "Onderhoud van de groenstroken." in message.body and "nog 3 dagen" in message.body
    assert services.challenge_reminders(today=due - timedelta(days=3)) == 0  # once a day
    assert services.challenge_reminders(today=due + timedelta(days=2)) == 1
    assert "2 dagen te laat" in mail.outbox[-1].body
    services.challenge_withdraw(request=request, actor=resident)
    call_command("challenge_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_a_single_member_goes_in_scope_and_is_cited_as_such(world, regulation):
    article = regulation.provisions.get(number="2:10")
    client = _client(world.users["facilitator"])
    url = reverse("regulations:regulation", args=[world.trajectory.pk, regulation.pk])
    page = client.get(url).content.decode()
    assert f'value="{article.pk}:1"' in page and "alleen lid 1 van artikel 2:10" in page
    client.post(url, {"m": [f"{article.pk}:1", f"{article.pk}:9"]})  # 9 does not exist
    assert not Rule.objects.exists()  # all or nothing: nothing stored
    client.post(url, {"m": [f"{article.pk}:1"]})
    rule = Rule.objects.get()
    assert rule.citation == "APV Rotterdam art. 2:10 lid 1"
    assert rule.title == "Voorwerpen op of aan de weg, lid 1"
    assert (
        rule.text.startswith("Het is verboden zonder vergunning") and "bloembakken" not in rule.text
    )
    again = client.get(url).content.decode()
    assert f'value="{article.pk}:1"' not in again and f'value="{article.pk}:2"' in again
    # a newer version that changes member 2 only leaves the rule on member 1 as it was
    newer = SAMPLE.replace(b"CVDR990001_1", b"CVDR990001_2").replace(
        b"ten minste 1,5 meter vrij blijft.</al></lid>",
        b"ten minste 1,2 meter vrij blijft.</al></lid>",
    )
    report = importing.import_xml(
        trajectory=world.trajectory, actor=world.users["facilitator"], content=newer
    )
    assert report.changed == ["2:10"]
    rule.refresh_from_db()
    assert not rule.needs_review and rule.provision.regulation == report.regulation


def test_the_framework_goes_at_the_end_of_an_existing_draft(world, regulation):
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.selectors import version_document
    from rondetafel.agreements.structure import parse_markdown

    _decide_three(world, regulation)
    draft = ag.agreement_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title="Buurtafspraken",
        parsed=parse_markdown(
            "# Buurtafspraken\n## Doel\n### Artikel 1 Samen\nWe doen het samen.\n"
        ),
    )
    client = _client(world.users["facilitator"])
    page = client.get(reverse("regulations:framework", args=[world.trajectory.pk])).content.decode()
    assert "het einde van Buurtafspraken (v1)" in page
    client.post(
        reverse("regulations:framework_agreement", args=[world.trajectory.pk]),
        {"into": str(draft.pk)},
    )
    document = [
        (s.heading, [(a.number, a.heading) for a in s.articles.all()])
        for s in version_document(version=draft)
    ]
    assert document == [
        ("Doel", [("1", "Samen")]),
        ("Wat centraal blijft", [("2", "Brandveiligheid van buurtvoorzieningen")]),
        ("Wat aan de buurt wordt overgedragen", [("3", "Geveltuinen")]),
        ("Wat onder voorwaarden wordt overgedragen", [("4", "Beheer van openbaar groen")]),
    ]


def test_the_overview_counts_each_rule_once(world, regulation, resident):
    from rondetafel.regulations.progress import rules_outputs

    first, _second = _rules(world, regulation, "2:25", "2:26")
    services.assessment_save(rule=first, user=resident, data=ANSWER)
    services.assessment_save(rule=first, user=world.users["participant"], data=ANSWER)
    services.decision_record(
        rule=first, actor=world.users["facilitator"], outcome="keep", role="regulate", reason="x"
    )
    (framework,) = [o for o in rules_outputs(world.trajectory) if "kader" in o.label.lower()]
    assert framework.label in (
        "Minimaal kader: 1 van 2 regels besloten, 1 beoordeeld",
        "Minimal framework: 1 of 2 rules decided, 1 assessed",
    )
