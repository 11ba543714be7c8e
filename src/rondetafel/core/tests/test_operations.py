"""Liveness, readiness and metrics as a load balancer, a monitor and Prometheus see them."""

import datetime
import socket

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rondetafel.core import metrics
from rondetafel.governance.models import WorkerBeat

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_asking_anything_else(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)  # the real worker closes its connections
def test_readiness_reports_each_check_and_fails_when_the_worker_is_silent(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert "never seen" in response.json()["checks"]["worker"]

    call_command("worker", once=True)  # the real worker beats once
    response = client.get("/health/ready")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok", "migrations": "ok", "worker": "ok"},
    }

    WorkerBeat.objects.update(seen_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "last seen 300 s ago"


@pytest.mark.django_db(transaction=True)
def test_readiness_fails_when_redis_does_not_answer(client, settings):
    call_command("worker", once=True)
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # the machine's real Redis
    assert client.get("/health/ready").json()["checks"]["redis"] == "ok"

    # A port that accepts and never answers: the check gives up within its timeout.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.REDIS_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    try:
        response = client.get("/health/ready")
    finally:
        silent.close()
    assert response.status_code == 503
    assert "timed out" in response.json()["checks"]["redis"]

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    assert "Connection refused" in client.get("/health/ready").json()["checks"]["redis"]


def test_metrics_for_a_local_scraper_or_the_token_never_through_the_proxy(settings):
    settings.METRICS_TOKEN = ""
    before = metrics.VOTES._value.get()
    metrics.VOTES.inc(3)
    local = Client(REMOTE_ADDR="127.0.0.1")
    page = local.get("/metrics").content.decode()
    assert "rondetafel_sockets_connected" in page
    assert f"rondetafel_votes_total {before + 3}" in page
    assert "rondetafel_analysis_seconds_bucket" in page
    # Through nginx (X-Forwarded-For) or from elsewhere: as if there were no such page.
    assert local.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404

    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert local.get("/metrics").status_code == 404
    assert local.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    remote = Client(REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert remote.get("/metrics").status_code == 200
