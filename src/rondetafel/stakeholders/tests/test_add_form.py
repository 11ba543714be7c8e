"""Adding a stakeholder in one form: the side comes from the party, the first power and
interest scores can be given at once, and a half-given score stores nothing."""

import pytest
from django.urls import reverse

from conftest import client_for
from rondetafel.stakeholders.models import Assessment, Stakeholder

pytestmark = pytest.mark.django_db


def _add(world, **data):
    return client_for(world, "facilitator").post(
        reverse("stakeholders:register", args=[world.trajectory.pk]),
        {"kind": "person", "name": "Fatima Ouali", **data},
    )


def test_a_party_member_takes_the_partys_side_and_scores_at_once(world):
    response = _add(world, party=str(world.party.pk), power="4", interest="5")
    assert response.status_code == 302, response.content.decode()[:2000]
    stakeholder = Stakeholder.objects.get(name="Fatima Ouali")
    assert stakeholder.side == world.party.side
    assessment = Assessment.objects.get(stakeholder=stakeholder)
    assert (assessment.power, assessment.interest) == (4, 5)


def test_without_party_or_side_the_form_says_what_is_missing(world):
    response = _add(world)
    assert response.status_code == 200
    assert "Kies een kant, of de partij waar deze belanghebbende bij hoort." in (
        response.content.decode()
    )
    assert not Stakeholder.objects.filter(name="Fatima Ouali").exists()


def test_power_without_interest_stores_nothing(world):
    response = _add(world, side="residents", power="3")
    assert "Geef zowel macht als belang, of geen van beide." in response.content.decode()
    assert not Stakeholder.objects.filter(name="Fatima Ouali").exists()


def test_without_scores_only_the_stakeholder_is_stored(world):
    assert _add(world, side="residents").status_code == 302
    assert not Assessment.objects.filter(stakeholder__name="Fatima Ouali").exists()
