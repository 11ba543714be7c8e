"""Demo step 5: Dordrecht's decision log (fed by its goal, amendments and signing, plus the
steering group), its commitments with one overdue, and two steering-group meetings; the
governance of the Boomgaardshoek pilot (bodies, mandates, cadence)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from rondetafel.governance import services as gs
from rondetafel.governance.models import Decision


def _article(trajectory, number: str):
    """The article with this number in the agreement's newest version."""
    from rondetafel.agreements.selectors import articles_of_latest_versions

    return articles_of_latest_versions(trajectory=trajectory).filter(number=number).first()


def _membership(trajectory, members, name):
    return trajectory.memberships.get(user=members[name])


def _at(day: datetime.date, weekday: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A meeting time on the first `weekday` (0 is Monday) from `day` on: bodies meet on
    working days, every few weeks on the same day."""
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build_dordrecht(t, facilitator, members) -> None:
    today = timezone.localdate()
    signed = Decision.objects.filter(trajectory=t, source_key__startswith="ceremony:").first()
    if signed is not None:
        gs.decision_update(
            decision=signed,
            actor=facilitator,
            review_on=today + datetime.timedelta(days=330),
            consequences="De overeenkomst loopt twee jaar; de stuurgroep volgt de afspraken "
            "en evalueert na een jaar (artikel 11).",
        )
    foundation = t.parties.get(name="Stichting GWW Drechtsteden")
    a_month_ago = today - datetime.timedelta(days=35)
    overdue = gs.commitment_create(
        trajectory=t,
        actor=facilitator,
        description="Eerste kennissessie duurzaam beheer organiseren",
        owner_party=foundation,
        due_on=a_month_ago + datetime.timedelta(days=21),  # two weeks ago
        decision=signed,
        article=_article(t, "7"),
        today=a_month_ago,  # given out at the steering group a month ago
    )
    gs.commitment_progress(
        commitment=overdue,
        actor=facilitator,
        status="under_way",
        note="Datum gezocht; zaal nog niet vastgelegd.",
    )
    done = gs.commitment_create(
        trajectory=t,
        actor=facilitator,
        description="Aanbestedingskalender 2027 delen met de stichting",
        owner=_membership(t, members, "Fatima El Amrani"),
        due_on=today + datetime.timedelta(days=10),
        decision=signed,
        article=_article(t, "9"),
        today=a_month_ago,
    )
    gs.commitment_progress(
        commitment=done,
        actor=members["Fatima El Amrani"],
        status="done",
        evidence="Kalender gedeeld in de stuurgroep; staat op de website van de stichting.",
    )
    for description, owner, days, number in (
        ("Kennisagenda 2027 opstellen", "Hans Bakker", 45, "7"),
        ("Pilot duurzaam beheer in één wijk voorstellen", "Ingrid Mulder", 12, "8"),
        ("Evaluatie na één jaar voorbereiden", "Kees van Wijngaarden", 330, "11"),
    ):
        gs.commitment_create(
            trajectory=t,
            actor=facilitator,
            description=description,
            owner=_membership(t, members, owner),
            due_on=today + datetime.timedelta(days=days),
            decision=signed,
            article=_article(t, number),
        )
    steering = gs.body_create(
        trajectory=t,
        actor=facilitator,
        name="Stuurgroep intentieovereenkomst GWW",
        mandate="Volgt de afspraken uit de overeenkomst, stelt de kennisagenda vast en besluit "
        "over de inzet van de gemeente binnen het afgesproken budget.",
        members=[
            _membership(t, members, name)
            for name in ("Hans Bakker", "Joost van Leeuwen", "Kees van Wijngaarden", "Linda Post")
        ],
    )
    gs.meeting_series_create(
        body=steering,
        actor=facilitator,
        frequency="weekly",
        interval=4,
        count=6,
        first_starts_at=_at(today - datetime.timedelta(days=42), 1, 15, 30),  # every 4th Tuesday
        location="Stadskantoor Dordrecht, zaal 3.12",
    )
    first = steering.meetings.order_by("starts_at").first()
    gs.minutes_save(
        meeting=first,
        actor=facilitator,
        minutes="Aanwezig: Hans Bakker, Joost van Leeuwen, Kees van Wijngaarden, Linda Post.\n"
        "De ondertekende overeenkomst is besproken. De stichting organiseert de eerste "
        "kennissessie; de gemeente deelt de aanbestedingskalender.",
        decisions="De stuurgroep komt elke vier weken bijeen\n"
        "Budget kennissessies 2027: 15.000 euro, gelijk gedeeld",
    )
    gs.minutes_approve(meeting=first, actor=facilitator)
    second = steering.meetings.order_by("starts_at")[1]
    gs.minutes_save(
        meeting=second,
        actor=facilitator,
        minutes="De eerste kennissessie is nog niet gepland: de stichting zoekt een zaal. "
        "De kennisagenda krijgt vorm; de pilot duurzaam beheer wordt voorbereid.",
        decisions="",
    )  # a draft: the body approves it at its next meeting


def build_boomgaardshoek(t, facilitator, members) -> None:
    today = timezone.localdate()
    team = gs.body_create(
        trajectory=t,
        actor=facilitator,
        name="Buurtteam Boomgaardshoek",
        mandate="Beheert de regels die de bewoners overnemen (groen, gebruik van het plein) "
        "binnen het minimale kader, en spreekt elkaar aan op de afspraken.",
        members=[
            _membership(t, members, name)
            for name in ("Annie van Dam", "Kofi Mensah", "Marloes Peeters", "Erik Brouwer")
        ],
    )
    gs.meeting_series_create(
        body=team,
        actor=facilitator,
        frequency="weekly",
        interval=4,
        count=12,
        first_starts_at=_at(today + datetime.timedelta(days=7), 3, 19, 30),  # Thursday evenings
        location="Buurthuis Boomgaardshoek",
    )
    steering = gs.body_create(
        trajectory=t,
        actor=facilitator,
        name="Stuurgroep pilot Boomgaardshoek",
        mandate="Bewaakt het minimale kader (basisveiligheid, gezondheid, gebiedsoverstijgende "
        "afspraken) en besluit over het teruggeven of terugnemen van regels.",
        members=[
            _membership(t, members, name)
            for name in ("Robert Koster", "Marco de Jong", "Samira Ouali", "Annie van Dam")
        ],
    )
    gs.meeting_series_create(
        body=steering,
        actor=facilitator,
        frequency="weekly",
        interval=12,
        count=4,
        first_starts_at=_at(today + datetime.timedelta(days=21), 0, 16),  # a Monday each quarter
        location="Stadhuis Rotterdam",
    )
