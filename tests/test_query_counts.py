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
