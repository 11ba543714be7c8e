"""Retention (AVG/GDPR): a trajectory keeps the names in its sessions for a set number of days
after each session ended; then the names and the links to phones and accounts go, and every
result stays as it was."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from conftest import client_for
from rondetafel.trajectories.services import party_create
from rondetafel.workshops import selectors, services
from rondetafel.workshops.models import Participant
from rondetafel.workshops.services.retention import retention_sweep

pytestmark = pytest.mark.django_db


def _edit(world, days):
    t = world.trajectory
    return client_for(world, "facilitator").post(
        reverse("trajectories:edit", args=[t.pk]),
        {
            "title": t.title,
            "question": t.question,
            "status": t.status,
            "session_names_kept_days": days,
        },
    )


def _ended_session_with_answers(world):
    facilitator = world.users["facilitator"]
    party_create(trajectory=world.trajectory, actor=facilitator, name="Bewoners", side="residents")
    session = services.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Avond"
    )
    poll = services.activity_add(
        workshop=session,
        actor=facilitator,
        kind="poll_single",
        title="Kiezen",
        options_text="Ja\nNee",
    )
    services.activity_set_status(activity=poll, actor=facilitator, status="open")
    omar, omar_key = services.participant_join(
        workshop=session, display_name="Omar Haddad", side="residents"
    )
    member, _key = services.participant_join(
        workshop=session,
        display_name="Participant",
        side="municipality",
        user=world.users["participant"],
    )
    services.respond(activity=poll, participant=omar, value="0")
    services.respond(activity=poll, participant=member, value="1")
    services.workshop_set_status(workshop=session, actor=facilitator, status="live")
    services.workshop_set_status(workshop=session, actor=facilitator, status="closed")
    session.refresh_from_db()
    return session, poll, omar_key


def test_the_facilitator_sets_the_period_and_bad_values_are_refused(world):
    for bad in ("-1", "vijf", "5000"):
        response = _edit(world, bad)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode() or "utrecht-form-field-error" in (
            response.content.decode()
        )
        world.trajectory.refresh_from_db()
        assert world.trajectory.session_names_kept_days is None
    assert _edit(world, "30").status_code == 302
    world.trajectory.refresh_from_db()
    assert world.trajectory.session_names_kept_days == 30


def test_names_go_after_the_period_and_the_results_stay(world):
    assert _edit(world, "30").status_code == 302
    session, poll, omar_key = _ended_session_with_answers(world)
    closed = session.closed_at

    # The console says when.
    console = client_for(world, "facilitator").get(
        reverse("workshops:console", args=[world.trajectory.pk, session.pk])
    )
    with translation.override("nl"):
        due = date_format(timezone.localtime(closed + datetime.timedelta(days=30)), "j F Y")
    assert f"worden verwijderd op {due}" in console.content.decode()

    cache.clear()
    results_before = selectors.results(poll)
    voice_before = selectors.equality_of_voice(session)

    # A day early: nothing happens.
    assert retention_sweep(closed + datetime.timedelta(days=29)) == 0
    assert Participant.objects.filter(workshop=session, display_name="Omar Haddad").exists()

    assert retention_sweep(closed + datetime.timedelta(days=30, seconds=1)) == 2
    people = list(Participant.objects.filter(workshop=session))
    assert [p.display_name for p in people] == ["", ""]
    assert all(p.user_id is None for p in people)
    assert sorted(p.side for p in people) == ["municipality", "residents"]  # sides stay

    # The same results and the same voice per side, counted afresh.
    cache.clear()
    assert selectors.results(poll) == results_before
    assert selectors.equality_of_voice(session) == voice_before
    # The old cookie no longer finds its identity.
    assert selectors.participant_by_key(workshop=session, key=omar_key) is None
    # Recorded, said on the console, and not done twice.
    from rondetafel.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="workshop.names_removed")
    assert entry.data["participants"] == 2
    console = client_for(world, "facilitator").get(
        reverse("workshops:console", args=[world.trajectory.pk, session.pk])
    )
    assert "zijn verwijderd op" in console.content.decode()
    assert retention_sweep(closed + datetime.timedelta(days=400)) == 0


def test_without_a_period_names_are_kept(world):
    session, _poll, _key = _ended_session_with_answers(world)
    assert retention_sweep(session.closed_at + datetime.timedelta(days=3650)) == 0
    assert Participant.objects.filter(workshop=session, display_name="Omar Haddad").exists()


def test_a_reopened_session_is_not_due(world):
    assert _edit(world, "0").status_code == 302
    session, _poll, _key = _ended_session_with_answers(world)
    services.workshop_set_status(workshop=session, actor=world.users["facilitator"], status="live")
    # With a period of 0 days, a closed session would be due at once: a reopened one is not.
    assert retention_sweep(timezone.now() + datetime.timedelta(days=1)) == 0
    assert Participant.objects.filter(workshop=session, display_name="Omar Haddad").exists()
