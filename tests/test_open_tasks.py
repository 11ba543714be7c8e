"""Each person's overview says what is asked of them now, and hides what they may not open."""

import pytest
from django.urls import reverse

from conftest import agreement_in_review, client_for
from rondetafel.stakeholders import services as ss

pytestmark = pytest.mark.django_db

MD = "# Convenant\n## Afspraken\n### Artikel 1 Kennis\nWe delen kennis.\n### Artikel 2 Looptijd\nEen jaar.\n"


def _overview(world, role, trajectory=None):
    trajectory = trajectory or world.trajectory
    return (
        client_for(world, role)
        .get(reverse("trajectories:detail", args=[trajectory.pk]))
        .content.decode()
    )


def test_the_party_is_asked_to_sign_off_the_goal_until_it_has(world):
    goal = ss.goal_save(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        text="Samen de openbare ruimte beter onderhouden.",
        engagement_level="collaborate",
        ladder_level="coproduceren",
    )
    assert "Het gezamenlijk doel akkoord geven voor Gemeente" in _overview(world, "participant")
    assert "Het gezamenlijk doel akkoord geven" not in _overview(world, "facilitator")
    assert "Het gezamenlijk doel akkoord geven" not in _overview(world, "observer")
    ss.goal_sign_off(goal=goal, user=world.users["participant"], verdict="agree")
    assert "Het gezamenlijk doel akkoord geven" not in _overview(world, "participant")


def test_articles_waiting_for_a_reviewers_verdict(world):
    agreement_in_review(world, MD)
    page = _overview(world, "participant")
    assert "Convenant beoordelen" in page and "Nog 2 artikelen wachten op uw oordeel." in page
    assert "Convenant beoordelen" not in _overview(world, "observer")


def test_a_new_trajectory_shows_the_facilitator_where_to_begin(world):
    page = _overview(world, "other_facilitator", world.other_trajectory)
    assert "Voeg de partijen aan tafel toe" in page
    assert "Nodig de mensen van elke partij uit" in page


def test_observers_see_parties_and_counts_not_names(world):
    url = reverse("trajectories:people", args=[world.trajectory.pk])
    observer = client_for(world, "observer").get(url).content.decode()
    assert "Mensen per partij" in observer and world.users["participant"].full_name not in observer
    participant = client_for(world, "participant").get(url).content.decode()
    assert world.users["client"].full_name in participant
