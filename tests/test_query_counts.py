"""The trajectory list and overview take a fixed number of queries, whatever the data size.
(How long they take is measured in bench/pages.py, not here.)"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rondetafel.accounts.models import User
from rondetafel.demo.builder import DORDRECHT_TITLE, load_demo
from rondetafel.trajectories.models import Membership, Trajectory
from tests.scale import scale_up

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_and_overview_do_not_grow_with_rows():
    load_demo()
    facilitator = User.objects.get(email="marieke.de.vries@demo.example")
    client = Client()
    client.force_login(facilitator)
    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    pages = {
        "list": reverse("trajectories:list"),
        "overview": reverse("trajectories:detail", args=[dordrecht.pk]),
        "people": reverse("trajectories:people", args=[dordrecht.pk]),
        "parties": reverse("trajectories:parties", args=[dordrecht.pk]),
    }
    small = {name: _queries(client, url) for name, url in pages.items()}
    scale_up(facilitator=facilitator, trajectories=40, people=400)
    # Sixty more people in Dordrecht too, so its own pages get longer.
    (extra,) = scale_up(facilitator=facilitator, trajectories=1, people=60)
    moved = Membership.objects.filter(trajectory=extra, role="participant")
    assert moved.update(trajectory=dordrecht, party=None) == 60
    assert Trajectory.objects.count() == 43
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small
    assert all(n > 0 for n in small.values())  # the queries were really counted


def test_stakeholder_pages_do_not_grow_with_rows():
    from tests.scale import scale_stakeholders

    load_demo()
    facilitator = User.objects.get(email="marieke.de.vries@demo.example")
    client = Client()
    client.force_login(facilitator)
    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    pages = {
        name: reverse(f"stakeholders:{name}", args=[dordrecht.pk])
        for name in ("register", "grid", "salience", "network", "common_ground", "intake")
    }
    small = {name: _queries(client, url) for name, url in pages.items()}
    scale_stakeholders(
        trajectory=dordrecht, stakeholders=300, assessments_each=3, relationships=200
    )
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small
    assert all(n > 0 for n in small.values())


def test_embedding_pages_do_not_grow_with_rows(world):
    """The dashboard, the decision log, the commitments and the inbox: as many queries for
    three commitments as for sixty more."""
    import datetime

    from django.utils import timezone

    from rondetafel.governance.models import Commitment, Decision
    from rondetafel.governance.services import commitment_create, decision_create

    facilitator = world.users["facilitator"]
    today = timezone.localdate()

    def add(n: int, offset: int) -> None:
        for i in range(n):
            decision = decision_create(
                trajectory=world.trajectory,
                actor=facilitator,
                title=f"Besluit {offset + i}",
                decided_by="Stuurgroep",
                decided_on=today,
                review_on=today - datetime.timedelta(days=1),
            )
            commitment = commitment_create(
                trajectory=world.trajectory,
                actor=facilitator,
                description=f"Toezegging {offset + i}",
                due_on=today,
                owner=world.memberships["participant"] if i % 2 else None,
                owner_party=None if i % 2 else world.party,
                decision=decision,
            )
            if i % 3 == 0:
                Commitment.objects.filter(pk=commitment.pk).update(
                    due_on=today - datetime.timedelta(days=2)
                )

    client = Client()
    client.force_login(facilitator)
    t = world.trajectory.pk
    pages = {
        "dashboard": reverse("governance:dashboard", args=[t]),
        "decisions": reverse("governance:decisions", args=[t]),
        "commitments": reverse("governance:commitments", args=[t]) + "?view=all",
        "inbox": reverse("governance:inbox"),
    }
    add(3, 0)
    small = {name: _queries(client, url) for name, url in pages.items()}
    add(60, 3)
    assert Decision.objects.count() == 63
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small
