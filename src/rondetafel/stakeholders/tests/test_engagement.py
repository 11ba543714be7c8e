"""The engagement plan (step 3): grouped by engagement level, with the attitude gap and the
planned actions; the communication plan; the XLSX and PDF read back; who may see and change it."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse

from conftest import client_for
from rondetafel.stakeholders import services as ss
from rondetafel.stakeholders.engagement import plan
from rondetafel.stakeholders.models import Communication, PlannedAction


@pytest.fixture
def register(world):
    facilitator = world.users["facilitator"]
    wijkraad = ss.stakeholder_create(
        trajectory=world.trajectory,
        actor=facilitator,
        name="Wijkraad",
        side="residents",
        strategy="Meenemen in elke sessie",
    )
    ss.assessment_create(
        stakeholder=wijkraad,
        actor=facilitator,
        assessed_on=datetime.date(2026, 11, 1),
        power=3,
        interest=5,
        attitude="resistant",
        attitude_desired="supportive",
        engagement="collaborate",
    )
    PlannedAction.objects.create(
        stakeholder=wijkraad,
        description="Bijpraten voor de buurtavond",
        due_on=datetime.date(2027, 1, 10),
    )
    ss.stakeholder_create(
        trajectory=world.trajectory, actor=facilitator, name="Winkeliers", side="market"
    )
    return wijkraad


def test_grouped_by_level_with_the_gap_and_the_actions(world, register):
    groups = plan(world.trajectory)
    assert [g.level for g in groups] == ["collaborate", ""]
    (row,) = groups[0].rows
    assert row.stakeholder == register and row.gap == 2  # resistant -> neutral -> supportive
    assert [a.description for a in row.actions] == ["Bijpraten voor de buurtavond"]
    assert groups[1].rows[0].stakeholder.name == "Winkeliers" and groups[1].rows[0].gap is None


def test_the_communication_plan_refuses_bad_input_and_keeps_nothing_of_it(world, register):
    client = client_for(world, "facilitator")
    url = reverse("stakeholders:engagement", args=[world.trajectory.pk])
    response = client.post(
        url, {"audience": "", "message": "x", "planned_on": "morgen", "channel": "duif"}
    )
    assert response.status_code == 400 and not Communication.objects.exists()
    assert "Dit veld is verplicht" in response.content.decode()
    client.post(
        url,
        {
            "audience": "Bewoners",
            "message": "Uitnodiging buurtavond",
            "planned_on": "2027-01-05",
            "channel": "letter",
        },
    )
    assert Communication.objects.get().audience == "Bewoners"
    assert client_for(world, "client").post(url, {"audience": "x"}).status_code == 403
    assert client_for(world, "participant").get(url).status_code == 403


def test_the_exports_read_back(world, register):
    ss.communication_add(
        trajectory=world.trajectory,
        actor=None,
        audience="=HYPERLINK(1)",
        message="Brief",
        planned_on=datetime.date(2027, 1, 5),
        channel="letter",
    )
    client = client_for(world, "client")
    from openpyxl import load_workbook

    content = client.get(
        reverse("stakeholders:engagement_export", args=[world.trajectory.pk, "xlsx"])
    ).content
    book = load_workbook(io.BytesIO(content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == "Wijkraad" and rows[1][5] == 2
    assert (
        list(book.worksheets[1].iter_rows(values_only=True))[1][1] == "'=HYPERLINK(1)"
    )  # no formula
    pdf = client.get(
        reverse("stakeholders:engagement_export", args=[world.trajectory.pk, "pdf"])
    ).content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split()).replace("\u2010 ", "")  # words, not line breaks or hyphens
    assert text.index("Wijkraad") < text.index("Winkeliers")
    assert "Bijpraten voor de buurtavond" in text
    assert (
        client.get(
            reverse("stakeholders:engagement_export", args=[world.trajectory.pk, "doc"])
        ).status_code
        == 404
    )
