"""The two demo trajectories, built through the services so that the demo exercises the same
paths as real use (and fills the audit log). Fictional people, realistic roles."""

from __future__ import annotations

import functools
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from rondetafel.accounts.models import User
from rondetafel.accounts.services import user_create
from rondetafel.core.audit import audit_seal
from rondetafel.demo import (
    agreements,
    governance,
    regulations,
    reports,
    scenarios,
    signing,
    stakeholders,
    trust,
    workshops,
)
from rondetafel.trajectories import services as ts
from rondetafel.trajectories.constants import Role, Side, TrajectoryStatus
from rondetafel.trajectories.models import Trajectory

DEMO_PASSWORD = "rondetafel-demo"  # noqa: S105  (published on purpose: demo only)  # nosec B105
DOMAIN = "demo.example"  # a reserved top-level domain: demo mail can never reach anyone

FACILITATOR = ("Marieke de Vries", "procesbegeleider")
DORDRECHT_TITLE = "Herijking intentieovereenkomst GWW"
BOOMGAARDSHOEK_TITLE = "Bouwen op vertrouwen: Boomgaardshoek"

# Owners and staff of fictional ground, road and water works firms in the Drechtsteden.
SME_PEOPLE = [
    ("Jan-Willem Verhoeven", "directeur, Verhoeven Grondwerken"),
    ("Şahin Yılmaz", "eigenaar, Yılmaz Bestratingen"),
    ("Petra Kloosterman", "directeur, Kloosterman Infra"),
    ("IJsbrand van der Giessen", "projectleider, Van der Giessen Waterbouw"),
    ("Ruud Hoogendijk", "eigenaar, Hoogendijk Groenvoorziening"),
    ("Anouk de Graaf", "calculator, De Graaf Wegenbouw"),
    ("Łukasz Nowak", "uitvoerder, Nowak Riolering"),
    ("Gerrit Smits", "directeur, Smits Kabel en Leiding"),
    ("Zoë Janssen", "adviseur duurzaamheid, Janssen GWW"),
    ("Mohamed Bouzid", "eigenaar, Bouzid Sloop en Grondwerk"),
    ("Kees van Wijngaarden", "voorzitter, Stichting GWW Drechtsteden"),
    ("Linda Post", "secretaris, Stichting GWW Drechtsteden"),
    ("Bram Dekker", "werkvoorbereider, Dekker Bouw en Infra"),
    ("Esra Demir", "directeur, Demir Verkeerstechniek"),
    ("Henk Molenaar", "eigenaar, Molenaar Beschoeiingen"),
    ("Sanne Visser", "projectmanager, Visser Civiel"),
    ("Dirk Schouten", "eigenaar, Schouten Straatmakers"),
    ("Noor Hendriks", "bedrijfsleider, Hendriks Grondverzet"),
    ("Wim de Ruiter", "directeur, De Ruiter Boomverzorging"),
    ("Tessa Willemsen", "tenderadviseur, Willemsen Infra"),
]
DORDRECHT_MUNICIPALITY = [
    ("Hans Bakker", "programmamanager openbare ruimte", Role.CLIENT),
    ("Fatima El Amrani", "inkoopadviseur", Role.PARTICIPANT),
    ("Joost van Leeuwen", "teamleider beheer openbare ruimte", Role.PARTICIPANT),
    ("Ingrid Mulder", "beleidsadviseur duurzaamheid", Role.PARTICIPANT),
]

BOOMGAARDSHOEK_PEOPLE = [
    (
        "Stadsontwikkeling",
        Side.MUNICIPALITY,
        "",
        [
            ("Robert Koster", "programmamanager wijkaanpak", Role.CLIENT),
            ("Yvonne Achterberg", "stedenbouwkundige", Role.PARTICIPANT),
        ],
    ),
    (
        "Stadsbeheer",
        Side.MUNICIPALITY,
        "",
        [
            ("Erik Brouwer", "wijkbeheerder", Role.PARTICIPANT),
        ],
    ),
    (
        "Gebiedscommissie",
        Side.CIVIL_SOCIETY,
        "gebiedscommissie",
        [
            ("Samira Ouali", "lid gebiedscommissie", Role.PARTICIPANT),
            ("Pieter Vos", "voorzitter gebiedscommissie", Role.OBSERVER),
        ],
    ),
    (
        "Politie Rotterdam, wijkteam",
        Side.SAFETY,
        "",
        [
            ("Marco de Jong", "wijkagent", Role.PARTICIPANT),
        ],
    ),
    (
        "Bewoners Boomgaardshoek",
        Side.RESIDENTS,
        "",
        [
            ("Annie van Dam", "bewoner, bewonersgroep Boomgaardshoek", Role.PARTICIPANT),
            ("Kofi Mensah", "bewoner", Role.PARTICIPANT),
            ("Marloes Peeters", "bewoner, speeltuinvereniging", Role.PARTICIPANT),
            ("Ahmet Kaya", "ondernemer en bewoner", Role.PARTICIPANT),
            ("Joke Hermans", "bewoner", Role.PARTICIPANT),
        ],
    ),
]


def _email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    return ".".join(part for part in ascii_name.replace("-", " ").split()) + "@" + DOMAIN


def _person(name: str) -> User:
    email = _email(name)
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing
    user = user_create(email=email, full_name=name)
    # Hashing once and reusing the hash keeps loading the demo fast (one PBKDF2 run, not 45).
    User.objects.filter(pk=user.pk).update(password=_demo_password_hash())
    return user


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _member(trajectory, facilitator, name, role, party=None, position=""):
    return ts.membership_create(
        trajectory=trajectory,
        user=_person(name),
        role=role,
        party=party,
        position=position,
        actor=facilitator,
    )


def demo_logins() -> list[tuple[str, str]]:
    return [
        ("facilitator (both)", _email(FACILITATOR[0])),
        ("client, Dordrecht", _email("Hans Bakker")),
        ("participant (SME), Dordrecht", _email("Şahin Yılmaz")),
        ("client, Boomgaardshoek", _email("Robert Koster")),
        ("participant (resident)", _email("Annie van Dam")),
        ("observer, Boomgaardshoek", _email("Pieter Vos")),
    ]


def _set_steps(trajectory, facilitator, summaries: dict[int, str]) -> None:
    """A step's summary in the facilitator's words; its status follows the work itself."""
    for step in trajectory.steps.all():
        if step.number in summaries:
            ts.step_update(step=step, actor=facilitator, summary=summaries[step.number])


def build_dordrecht(facilitator: User) -> Trajectory:
    t = ts.trajectory_create(
        created_by=facilitator,
        title=DORDRECHT_TITLE,
        question=(
            "Hoe herijken en herbevestigen de gemeente Dordrecht en de lokale GWW-ondernemers "
            "hun intentieovereenkomst, als gelijkwaardige partners?"
        ),
        background=(
            "De gemeente en de stichting van lokale mkb-bedrijven in de grond-, weg- en "
            "waterbouw sloten een intentieovereenkomst: samen kennis ontwikkelen en delen voor "
            "duurzaam ontwerp, beheer en onderhoud van de openbare ruimte. Marktpartijen brengen "
            "vakmanschap in, de gemeente groeit naar een regierol. De overeenkomst liep een jaar "
            "en is toe aan herijking en herbevestiging."
        ),
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 3, 31),
        status=TrajectoryStatus.ACTIVE,
    )
    municipality = ts.party_create(
        trajectory=t,
        actor=facilitator,
        name="Gemeente Dordrecht",
        side=Side.MUNICIPALITY,
        description="Afdeling Openbare Ruimte en team Inkoop.",
    )
    foundation = ts.party_create(
        trajectory=t,
        actor=facilitator,
        name="Stichting GWW Drechtsteden",
        side=Side.MARKET,
        side_label="mkb GWW",
        description="Stichting van lokale mkb-bedrijven in de grond-, weg- en waterbouw.",
    )
    for name, position, role in DORDRECHT_MUNICIPALITY:
        _member(t, facilitator, name, role, municipality, position)
    for name, position in SME_PEOPLE:
        _member(t, facilitator, name, Role.PARTICIPANT, foundation, position)
    _member(t, facilitator, "Theo Bosman", Role.OBSERVER, None, "gemeenteraadslid")
    _set_steps(
        t,
        facilitator,
        {
            1: "Intakes met beide kanten gehouden; gezamenlijk doel vastgesteld.",
            3: "Verdiepingssessie met deelsessies per onderdeel van de overeenkomst.",
        },
    )
    return t


def build_boomgaardshoek(facilitator: User) -> Trajectory:
    t = ts.trajectory_create(
        created_by=facilitator,
        title=BOOMGAARDSHOEK_TITLE,
        question=(
            "Welke regels die nu centraal bij de gemeente liggen, kunnen de bewoners van "
            "Boomgaardshoek zelf gaan beheren, en hoe?"
        ),
        background=(
            "Een pilot van de gemeente Rotterdam. Een minimaal kader houdt alleen wat nodig is: "
            "basisveiligheid, gezondheid en bindende afspraken die het gebied overstijgen. De rest "
            "durven we los te laten. Een scenarioworkshop verkent vormen van zelfbeheer."
        ),
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 9, 30),
        status=TrajectoryStatus.ACTIVE,
        # Residents join by code: their names are kept three months after each session.
        session_names_kept_days=90,
    )
    for party_name, side, label, people in BOOMGAARDSHOEK_PEOPLE:
        party = ts.party_create(
            trajectory=t, actor=facilitator, name=party_name, side=side, side_label=label
        )
        for name, position, role in people:
            _member(t, facilitator, name, role, party, position)
    _set_steps(
        t,
        facilitator,
        {
            1: "Intakegesprekken met bewoners en gemeente lopen; "
            "scepsis over de bereidheid om los te laten is benoemd.",
        },
    )
    return t


@transaction.atomic
def load_demo() -> bool:
    """Builds the demo unless it is there already. Returns whether it built anything."""
    if Trajectory.objects.filter(title=DORDRECHT_TITLE).exists():
        return False
    name, _position = FACILITATOR
    facilitator = _person(name)
    dordrecht = build_dordrecht(facilitator)
    boomgaardshoek = build_boomgaardshoek(facilitator)
    members = {u.full_name: u for u in User.objects.filter(email__endswith="@" + DOMAIN)}
    stakeholders.build(dordrecht, boomgaardshoek, facilitator, members)
    agreements.build(dordrecht, boomgaardshoek, facilitator, members)
    workshops.build_boomgaardshoek(boomgaardshoek, facilitator)
    scenarios.build(boomgaardshoek, facilitator)
    regulations.build(boomgaardshoek, facilitator, members)
    signing.build(dordrecht, facilitator)
    trust.build(dordrecht, boomgaardshoek, facilitator)
    governance.build_dordrecht(dordrecht, facilitator, members)
    governance.build_boomgaardshoek(boomgaardshoek, facilitator, members)
    reports.build(dordrecht, boomgaardshoek, facilitator, members)
    audit_seal()  # the log as the demo left it, timestamped (the worker seals from here on)
    return True
