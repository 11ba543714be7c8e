"""The words people read: sides by their names (never a code), plural grammar, labels that say
what they mean, and a signed version that is not put back in review by one click."""

import pytest
from django.urls import reverse

from conftest import agreement_in_review, client_for
from rondetafel.agreements import services as ag
from rondetafel.agreements.constants import ProposalKind, VersionStatus
from rondetafel.agreements.models import Article, Version
from rondetafel.trajectories.services import party_create

pytestmark = pytest.mark.django_db

MD = "# Convenant\n## Afspraken\n### Artikel 1 Kennis\nWe delen kennis.\n### Artikel 2 Looptijd\nEen jaar.\n"


@pytest.fixture
def version(world):
    party_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        name="Stichting",
        side="market",
        side_label="mkb GWW",
    )
    return agreement_in_review(world, MD)


def test_a_decided_proposal_names_the_sides_by_their_names(world, version):
    article = Article.objects.get(section__version=version, number="1")
    proposal = ag.proposal_create(
        version=version,
        user=world.users["participant"],
        kind=ProposalKind.AMEND,
        rationale="Scherper",
        article=article,
        text="We delen kennis, open en op tijd.",
    )
    ag.proposal_decide(
        proposal=proposal,
        actor=world.users["facilitator"],
        method="vote",
        adopted=True,
        reason="",
        tally={"municipality": {"agree": 4}, "market": {"agree": 14}},
    )
    page = (
        client_for(world, "participant")
        .get(reverse("agreements:proposals", args=[world.trajectory.pk, version.pk]))
        .content.decode()
    )
    assert "mkb GWW: voor 14" in page and "Gemeente: voor 4" in page
    assert "market:" not in page and "municipality:" not in page


def test_a_signed_version_goes_back_to_review_only_when_confirmed(world, version):
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.SIGNED)
    client = client_for(world, "facilitator")
    url = reverse("agreements:version_status", args=[world.trajectory.pk, version.pk])
    page = client.post(url, {"status": "in_review"}, follow=True).content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.SIGNED and "vink eerst het vakje aan" in page
    assert "Ja, de ondertekende versie opnieuw bespreken" in page  # the confirmation is offered
    client.post(url, {"status": "in_review", "confirm": "1"})
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_buttons_say_what_they_do(world, version):
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.DRAFT)
    page = (
        client_for(world, "facilitator")
        .get(reverse("agreements:version", args=[world.trajectory.pk, version.pk]))
        .content.decode()
    )
    assert "Ter bespreking voorleggen" in page and "Maak in bespreking" not in page


def test_counts_use_the_right_plural(world):
    from rondetafel.agreements.redline import redline_html  # noqa: F401  (module loads)
    from rondetafel.trajectories.progress import people_at_the_table

    label = people_at_the_table(world.trajectory)[0].label
    # Four people, one of them a participant.
    assert "4 personen betrokken (1 deelnemer)" in label


def test_the_account_page_shows_the_token_header_whole(world):
    page = client_for(world, "participant").get(reverse("accounts:account")).content.decode()
    assert "Authorization: Bearer rt_…" in page and "Bearer ." not in page


def test_the_session_report_labels_the_agenda_and_short_blocks(world):
    from rondetafel.workshops import services as ws

    workshop = ws.workshop_create(trajectory=world.trajectory, actor=None, title="Sessie")
    block = ws.block_add(workshop=workshop, actor=None, kind="plenary", title="Opening")
    ws.block_start(block=block, actor=None)
    ws.block_end(block=block, actor=None)
    page = (
        client_for(world, "facilitator")
        .get(reverse("workshops:report", args=[world.trajectory.pk, workshop.pk]))
        .content.decode()
    )
    assert "Agendapunt" in page and "minder dan een minuut" in page
    assert "Blokkade" not in page and "0 min" not in page


def test_the_overview_links_only_where_the_person_may_go(world):
    from rondetafel.stakeholders import services as ss  # noqa: F401  (the register's provider)

    register = reverse("stakeholders:register", args=[world.trajectory.pk])
    overview = reverse("trajectories:detail", args=[world.trajectory.pk])
    from rondetafel.trajectories.views import may_open

    assert may_open(world.users["facilitator"], world.trajectory, register)
    assert not may_open(world.users["participant"], world.trajectory, register)
    for role in ("participant", "observer"):
        page = client_for(world, role).get(overview).content.decode()
        assert f'href="{register}"' not in page


def test_the_redline_counts_words_in_the_right_plural(world, version):
    from rondetafel.agreements import services as ag2

    Version.objects.filter(pk=version.pk).update(status=VersionStatus.ADOPTED)
    version.refresh_from_db()
    following = ag2.version_consolidate(version=version, actor=world.users["facilitator"])
    article = Article.objects.get(section__version=following, number="2")
    ag2.article_update(
        article=article,
        actor=world.users["facilitator"],
        lock_version=article.lock_version,
        text="Twee jaar.",
    )
    page = (
        client_for(world, "participant")
        .get(reverse("agreements:compare", args=[world.trajectory.pk, following.pk]))
        .content.decode()
    )
    assert "1 woord geschrapt, 1 toegevoegd" in page and "1 woorden" not in page
