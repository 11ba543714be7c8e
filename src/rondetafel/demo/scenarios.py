"""Demo data for the scenario workshop: Boomgaardshoek's field of forms of resident
self-management, the plenary's judgements with their reasons, and four scenarios written up.
Built through the services."""

from __future__ import annotations

from rondetafel.scenarios import selectors, services
from rondetafel.scenarios.models import Verdict

FIELD = [
    (
        "Wie beslist",
        "Bewonerscollectief\nGebiedscommissie\nGemeente, na advies\nGemengd besluitorgaan",
    ),
    ("Wie voert uit", "Bewoners zelf\nSociale onderneming\nAannemer van de gemeente"),
    (
        "Wie betaalt",
        "Buurtbudget (overgedragen)\nBewonersbijdrage\nGemeentebegroting\nFonds of sponsor",
    ),
    ("Wie houdt toezicht", "Bewoners onderling\nGebiedscommissie\nGemeentelijke handhaving"),
    ("Welk gebied", "Eén hofje\nDe hele wijk\nDe wijk en de randen"),
    (
        "Welke regels",
        "Alleen gebruik openbare ruimte\nOok evenementen en terrassen\nOok afval en groen",
    ),
    ("Hoe worden conflicten beslecht", "Bewonersoverleg\nBuurtbemiddeling\nDe gemeente beslist"),
]

# (parameter, value, parameter, value, reason): pairs the plenary judged inconsistent
INCONSISTENT = [
    (
        "Wie beslist",
        "Gemeente, na advies",
        "Wie betaalt",
        "Buurtbudget (overgedragen)",
        "Wie het budget overdraagt, laat ook het besluit los.",
    ),
    (
        "Wie beslist",
        "Bewonerscollectief",
        "Wie houdt toezicht",
        "Gemeentelijke handhaving",
        "Zelf beslissen en de gemeente laten handhaven ondergraaft het vertrouwen.",
    ),
    (
        "Wie voert uit",
        "Bewoners zelf",
        "Welk gebied",
        "De wijk en de randen",
        "Vrijwilligers dragen geen gebied buiten de wijk.",
    ),
    (
        "Wie betaalt",
        "Bewonersbijdrage",
        "Welke regels",
        "Ook evenementen en terrassen",
        "Een bijdrage van bewoners dekt geen vergunningstaken.",
    ),
    (
        "Welk gebied",
        "De wijk en de randen",
        "Wie beslist",
        "Bewonerscollectief",
        "Gebiedsoverstijgende afspraken horen bij een bindend orgaan (minimaal kader).",
    ),
    (
        "Hoe worden conflicten beslecht",
        "Bewonersoverleg",
        "Welke regels",
        "Ook evenementen en terrassen",
        "Bij evenementen gaat het om veiligheid: daar beslist niet alleen het overleg.",
    ),
    (
        "Wie voert uit",
        "Aannemer van de gemeente",
        "Wie betaalt",
        "Bewonersbijdrage",
        "Bewoners betalen geen aannemer die de gemeente kiest.",
    ),
    (
        "Wie houdt toezicht",
        "Bewoners onderling",
        "Welk gebied",
        "De hele wijk",
        "Onderling toezicht werkt op de schaal van een hofje, niet van een wijk.",
    ),
]

# The four scenarios the group wrote out: (name, {parameter: value}, narrative)
SCENARIOS = [
    (
        "Het hofje regelt het zelf",
        {
            "Wie beslist": "Bewonerscollectief",
            "Wie voert uit": "Bewoners zelf",
            "Wie betaalt": "Buurtbudget (overgedragen)",
            "Wie houdt toezicht": "Bewoners onderling",
            "Welk gebied": "Eén hofje",
            "Welke regels": "Ook afval en groen",
            "Hoe worden conflicten beslecht": "Bewonersoverleg",
        },
        "Bewoners van één hofje besluiten, voeren uit en spreken elkaar aan, met een "
        "overgedragen buurtbudget; de gemeente bewaakt alleen het minimale kader.",
    ),
    (
        "De gebiedscommissie als spil",
        {
            "Wie beslist": "Gebiedscommissie",
            "Wie voert uit": "Sociale onderneming",
            "Wie betaalt": "Buurtbudget (overgedragen)",
            "Wie houdt toezicht": "Gebiedscommissie",
            "Welk gebied": "De hele wijk",
            "Welke regels": "Ook evenementen en terrassen",
            "Hoe worden conflicten beslecht": "Buurtbemiddeling",
        },
        "De gebiedscommissie besluit en houdt toezicht voor de hele wijk; een sociale "
        "onderneming voert uit met het overgedragen buurtbudget.",
    ),
    (
        "Samen met de gemeente",
        {
            "Wie beslist": "Gemengd besluitorgaan",
            "Wie voert uit": "Sociale onderneming",
            "Wie betaalt": "Gemeentebegroting",
            "Wie houdt toezicht": "Gemeentelijke handhaving",
            "Welk gebied": "De wijk en de randen",
            "Welke regels": "Ook evenementen en terrassen",
            "Hoe worden conflicten beslecht": "De gemeente beslist",
        },
        "Een gemengd besluitorgaan voor de wijk en de randen; uitvoering door een sociale "
        "onderneming, betaald uit de gemeentebegroting, met gemeentelijke handhaving.",
    ),
    (
        "Bewoners met een fonds",
        {
            "Wie beslist": "Bewonerscollectief",
            "Wie voert uit": "Bewoners zelf",
            "Wie betaalt": "Fonds of sponsor",
            "Wie houdt toezicht": "Bewoners onderling",
            "Welk gebied": "Eén hofje",
            "Welke regels": "Alleen gebruik openbare ruimte",
            "Hoe worden conflicten beslecht": "Buurtbemiddeling",
        },
        "Een fonds betaalt, bewoners van één hofje voeren uit; conflicten gaan naar "
        "buurtbemiddeling.",
    ),
]


def build(boomgaardshoek, facilitator) -> None:
    field = services.field_create(
        trajectory=boomgaardshoek,
        actor=facilitator,
        title="Vormen van zelfbeheer in Boomgaardshoek",
        question="Hoe kunnen bewoners regels en taken overnemen, binnen het minimale kader?",
    )
    for name, values in FIELD:
        services.parameter_add(
            scenario_field=field, actor=facilitator, name=name, values_text=values
        )
    state = selectors.field_state(field)
    value = {(p.name, v.name): v for p, values in state.parameters for v in values}
    for p, a, q, b, reason in INCONSISTENT:
        services.pair_decide(
            scenario_field=field,
            actor=facilitator,
            first=value[(p, a)],
            second=value[(q, b)],
            verdict=Verdict.INCONSISTENT,
            reason=reason,
        )
    # The group composed its scenarios in the explorer; the product refuses inconsistent ones.
    for name, chosen, narrative in SCENARIOS:
        services.scenario_add(
            scenario_field=field,
            actor=facilitator,
            values=[value[(p, v)] for p, v in chosen.items()],
            name=name,
            narrative=narrative,
        )
