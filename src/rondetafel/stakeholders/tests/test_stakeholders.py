import csv
import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import client_for
from rondetafel.stakeholders import services as ss
from rondetafel.stakeholders.models import GoalSignOff, Interest, Stakeholder

pytestmark = pytest.mark.django_db


def _goal(world, text="Samen verder"):
    return ss.goal_save(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        text=text,
        engagement_level="collaborate",
        ladder_level="coproduceren",
    )


def _stakeholder(world, **extra):
    data = {"name": "Wijkraad", "side": "residents"} | extra
    return ss.stakeholder_create(
        trajectory=world.trajectory, actor=world.users["facilitator"], **data
    )


class GoalTests:
    def test_changed_text_asks_for_new_verdicts(self, world):
        goal = _goal(world)
        ss.goal_sign_off(goal=goal, user=world.users["participant"], verdict="agree")
        page = (
            client_for(world, "observer")
            .get(reverse("stakeholders:intake", args=[world.trajectory.pk]))
            .content.decode()
        )
        assert "Elke partij is akkoord met dit doel." in page
        goal = _goal(world, text="Samen verder, met een evaluatie")
        assert goal.version == 2
        page = (
            client_for(world, "observer")
            .get(reverse("stakeholders:intake", args=[world.trajectory.pk]))
            .content.decode()
        )
        assert "Nog niet elke partij is akkoord." in page and "Nog geen oordeel" in page
        assert (
            "Wij werken met u samen" not in page and "Wij vragen u om advies" in page
        )  # the IAP2 promise

    def test_not_yet_needs_a_reason(self, world):
        goal = _goal(world)
        response = client_for(world, "participant").post(
            reverse("stakeholders:goal_sign_off", args=[world.trajectory.pk]),
            {"verdict": "not_yet", "remark": ""},
            follow=True,
        )
        assert "Geef de opmerking of de reden." in response.content.decode()
        assert not GoalSignOff.objects.exists()
        with pytest.raises(ValidationError):
            ss.goal_sign_off(
                goal=goal, user=world.users["participant"], verdict="not_yet", remark=""
            )

    def test_a_second_verdict_replaces_the_first(self, world):
        goal = _goal(world)
        ss.goal_sign_off(
            goal=goal, user=world.users["participant"], verdict="not_yet", remark="Eerst zien"
        )
        ss.goal_sign_off(goal=goal, user=world.users["client"], verdict="agree")  # same party
        assert list(GoalSignOff.objects.values_list("verdict", flat=True)) == ["agree"]


class AssessmentTests:
    def test_current_is_the_latest_by_date_and_history_is_kept(self, world):
        s = _stakeholder(world)
        ss.assessment_create(
            stakeholder=s, actor=None, assessed_on=date(2026, 10, 1), power=4, interest=4
        )
        ss.assessment_create(
            stakeholder=s, actor=None, assessed_on=date(2026, 9, 1), power=1, interest=1
        )
        s.refresh_from_db()
        assert (s.current.power, s.current.quadrant.value) == (4, "manage_closely")
        page = (
            client_for(world, "client")
            .get(reverse("stakeholders:detail", args=[world.trajectory.pk, s.pk]))
            .content.decode()
        )
        assert page.count('<td class="utrecht-table__cell">2026') == 0  # dates are localised
        assert "Nauw betrekken" in page and "Monitoren" in page

    def test_score_out_of_range_via_form_is_400_and_saves_nothing(self, world):
        s = _stakeholder(world)
        url = reverse("stakeholders:add_record", args=[world.trajectory.pk, s.pk, "assessment"])
        response = client_for(world, "facilitator").post(
            url,
            {
                "assessment-assessed_on": "2026-11-01",
                "assessment-power": "9",
                "assessment-interest": "2",
                "assessment-attitude": "neutral",
                "assessment-attitude_desired": "supportive",
                "assessment-engagement": "inform",
            },
        )
        assert response.status_code == 400
        assert "id_assessment-power_error" in response.content.decode()
        assert not s.assessments.exists()

    def test_grid_placement_records_a_new_assessment(self, world):
        s = _stakeholder(world)
        ss.assessment_create(
            stakeholder=s,
            actor=None,
            assessed_on=date(2026, 9, 1),
            power=1,
            interest=1,
            urgency=True,
        )
        client_for(world, "facilitator").post(
            reverse("stakeholders:grid", args=[world.trajectory.pk]),
            {"stakeholder": s.pk, "power": 5, "interest": 5, "assessed_on": "2026-11-20"},
        )
        s.refresh_from_db()
        assert (s.current.power, s.current.interest, s.current.urgency, s.assessments.count()) == (
            5,
            5,
            True,
            2,
        )


class RecordTests:
    def test_relationship_to_oneself_is_refused(self, world):
        s = _stakeholder(world)
        with pytest.raises(ValidationError):
            ss.relationship_create(
                trajectory=world.trajectory, actor=None, source=s, target=s, kind="influence"
            )

    def test_relationship_across_trajectories_is_refused(self, world):
        s = _stakeholder(world)
        other = ss.stakeholder_create(
            trajectory=world.other_trajectory, actor=None, name="Elders", side="other"
        )
        with pytest.raises(ValidationError):
            ss.relationship_create(
                trajectory=world.trajectory, actor=None, source=s, target=other, kind="influence"
            )

    def test_records_of_another_stakeholder_cannot_be_touched(self, world):
        a, b = _stakeholder(world), _stakeholder(world, name="Ander")
        position = ss.position_create(stakeholder=a, actor=None, text="Meer groen")
        url = reverse(
            "stakeholders:update_record", args=[world.trajectory.pk, b.pk, "position", position.pk]
        )
        assert (
            client_for(world, "facilitator").post(url, {"operation": "delete"}).status_code == 404
        )
        assert a.positions.count() == 1

    def test_interest_tags_are_normalised_and_common_ground_orders_shared_first(self, world):
        a = _stakeholder(world, name="Bewoners", side="residents")
        b = _stakeholder(world, name="Gemeente", side="municipality")
        ss.interest_create(stakeholder=a, actor=None, text="Veilig spelen", tag=" Veiligheid ")
        ss.interest_create(stakeholder=b, actor=None, text="Basisveiligheid", tag="veiligheid")
        ss.interest_create(stakeholder=a, actor=None, text="Minder regels", tag="regels")
        ss.interest_create(
            stakeholder=b, actor=None, text="Regels handhaven", tag="regels", supports=False
        )
        assert set(Interest.objects.values_list("tag", flat=True)) == {"veiligheid", "regels"}
        page = (
            client_for(world, "participant")
            .get(reverse("stakeholders:common_ground", args=[world.trajectory.pk]))
            .content.decode()
        )
        assert page.index("veiligheid") < page.index("regels")
        assert "Gedeeld" in page and "Strijdig" in page and "− Regels handhaven" in page


class ExportTests:
    def test_csv_round_trip_and_formula_neutralised(self, world):
        s = _stakeholder(world, name='=HYPERLINK("x")', email="a@test.example")
        ss.assessment_create(
            stakeholder=s, actor=None, assessed_on=date(2026, 10, 1), power=2, interest=4
        )
        response = client_for(world, "client").get(
            reverse("stakeholders:export", args=[world.trajectory.pk, "csv"])
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "name" and rows[1][0].startswith("'=")
        assert rows[1][10:12] == ["2", "4"]
        # What we export imports again.
        Stakeholder.objects.all().delete()
        batch = ss.import_upload(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            filename="x.csv",
            content=response.content,
        )
        from rondetafel.stakeholders.importing import guess_mapping

        _results, imported = ss.import_run(
            batch=batch,
            actor=world.users["facilitator"],
            mapping=guess_mapping(batch.header),
            keep_valid=False,
        )
        assert imported == 1 and Stakeholder.objects.get().current.interest == 4

    def test_xlsx_export_opens(self, world):
        from openpyxl import load_workbook

        _stakeholder(world)
        response = client_for(world, "facilitator").get(
            reverse("stakeholders:export", args=[world.trajectory.pk, "xlsx"])
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert sheet.cell(2, 1).value == "Wijkraad"

    def test_unknown_format_is_404(self, world):
        assert (
            client_for(world, "facilitator")
            .get(reverse("stakeholders:export", args=[world.trajectory.pk, "pdf"]))
            .status_code
            == 404
        )


class ApiTests:
    def test_create_and_assess_with_bad_input(self, world):
        from django.test import Client

        from rondetafel.accounts.services import api_token_create

        _t, key = api_token_create(user=world.users["facilitator"], name="x")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        base = f"/api/trajectories/{world.trajectory.pk}/stakeholders"
        r = api.post(
            base,
            json.dumps({"name": "Wijkraad", "side": "residents", "email": "w@test.example"}),
            content_type="application/json",
        )
        assert r.status_code == 201
        sid = r.json()["id"]
        bad = api.post(
            f"{base}/{sid}/assessments",
            json.dumps({"assessed_on": "2026-11-01", "power": 7, "interest": "veel"}),
            content_type="application/json",
        )
        assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {
            "power",
            "interest",
        }
        good = api.post(
            f"{base}/{sid}/assessments",
            json.dumps(
                {"assessed_on": "2026-11-01", "power": 4, "interest": 5, "legitimacy": True}
            ),
            content_type="application/json",
        )
        assert (
            good.status_code == 201
            and good.json()["quadrant"] == "manage_closely"
            and good.json()["salience"] == "dominant"
        )
        dup = api.post(
            base,
            json.dumps({"name": "Tweede", "side": "residents", "email": "W@test.example"}),
            content_type="application/json",
        )
        assert dup.status_code == 422  # a rule (one address per trajectory), not the schema
        assert api.get(base + "?side=mars").status_code == 400
        assert [s["name"] for s in api.get(base + "?quadrant=manage_closely").json()] == [
            "Wijkraad"
        ]
