"""The background worker for real: ``rondetafel worker`` (django-tasks, database backend) sends
reminders, digests and notices through a real SMTP server on loopback (aiosmtpd), retries when
the server is down or refuses, and nothing is lost while it is not running."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import client_for
from rondetafel.governance import services
from rondetafel.governance.constants import MAIL_ATTEMPTS
from rondetafel.governance.models import Commitment, OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """An SMTP server's handler: keeps what arrives, or refuses it when told to."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 mailbox unavailable"
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def _overdue(world, days=2):
    commitment = services.commitment_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        description="Kennisagenda opstellen",
        due_on=timezone.localdate(),
        owner=world.memberships["participant"],
    )
    Commitment.objects.filter(pk=commitment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=days)
    )
    return commitment


def _work():
    call_command("worker", once=True)


def test_an_overdue_commitment_is_mailed_to_its_owner_once(world, smtp, settings):
    settings.DIGEST_WEEKDAY = (timezone.localdate().weekday() + 1) % 7  # not today
    _overdue(world)
    _work()
    assert len(smtp.messages) == 1
    to, content = smtp.messages[0]
    assert to == ["participant@test.example"]
    assert "Kennisagenda opstellen" in content and "Te laat" in content
    _work()  # the same day again: no second reminder
    assert len(smtp.messages) == 1
    assert OutgoingMail.objects.get(kind="reminder").status == "sent"


def test_the_weekly_digest_goes_once_a_week(world, smtp, settings):
    settings.DIGEST_WEEKDAY = timezone.localdate().weekday()
    services.commitment_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        description="Bewonersavond organiseren",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        owner=world.memberships["client"],
    )
    _work()
    _work()
    digests = [c for to, c in smtp.messages if to == ["client@test.example"]]
    assert len(digests) == 1 and "Bewonersavond organiseren" in digests[0]


def test_a_mail_server_that_is_down_is_retried_and_the_failure_shown(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    settings.DIGEST_WEEKDAY = (timezone.localdate().weekday() + 1) % 7
    _overdue(world)
    _work()
    mail = OutgoingMail.objects.get(kind="reminder")
    assert mail.status == "pending" and mail.attempts == 1 and "Connection" in mail.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()  # later, with a pause
    for _attempt in range(MAIL_ATTEMPTS - 1):  # let the pauses pass
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        _work()
    mail.refresh_from_db()
    assert mail.status == "failed" and mail.attempts == MAIL_ATTEMPTS
    html = (
        client_for(world, "facilitator")
        .get(reverse("governance:dashboard", args=[world.trajectory.pk]))
        .content.decode()
    )
    assert "konden na meerdere pogingen niet worden verzonden" in html
    assert mail.to in html


def test_a_refusing_server_is_retried_and_sending_resumes_when_it_accepts(world, smtp, settings):
    settings.DIGEST_WEEKDAY = (timezone.localdate().weekday() + 1) % 7
    smtp.refuse = True
    _overdue(world)
    _work()
    mail = OutgoingMail.objects.get(kind="reminder")
    assert mail.status == "pending" and "550" in mail.last_error
    smtp.refuse = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    _work()
    mail.refresh_from_db()
    assert mail.status == "sent" and len(smtp.messages) == 1


def test_while_the_worker_is_not_running_nothing_is_lost(world, smtp, settings):
    settings.DIGEST_WEEKDAY = (timezone.localdate().weekday() + 1) % 7
    _overdue(world, days=9)
    url = reverse("governance:dashboard", args=[world.trajectory.pk])
    html = client_for(world, "facilitator").get(url).content.decode()
    assert "1 herinnering of bericht wacht: het achtergrondproces draait niet" in html
    assert smtp.messages == []
    _work()  # it starts: what waited goes out
    assert len(smtp.messages) == 1
    html = client_for(world, "facilitator").get(url).content.decode()
    assert "achtergrondproces draait niet" not in html
