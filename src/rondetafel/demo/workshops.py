"""Demo: Dordrecht's deepening session with statement voting and a consent round, answered by
the session's participants (municipality and SMEs) with plausible, mixed results."""

import random

from rondetafel.trajectories.models import Membership

STATEMENTS = [
    "De gemeente betrekt ons vroeg genoeg bij nieuwe projecten.",
    "Kennis over duurzaam beheer delen we nu al open.",
    "Lokale mkb-bedrijven moeten een vaste plek krijgen in de aanbestedingsplanning.",
    "Twee kennissessies per jaar is genoeg.",
    "De gemeente mag meer regie nemen op innovatie in de openbare ruimte.",
    "We evalueren de samenwerking elk jaar samen.",
    "Liever snel een pilot starten dan eerst alles op papier zetten.",
    "Afspraken horen in de overeenkomst zelf, niet in losse notities.",
    "Eén vaste contactpersoon per kant werkt beter dan een stuurgroep.",
    "Innovatie mag geld kosten, ook als een proef mislukt.",
]
# Two ways of working cut across both sides: "doorpakken" (pilots first, accept risk) and
# "zorgvuldig" (agree it on paper first). Per statement: chance of agree in each camp, and how
# much more (or less) the market agrees than the municipality. The rest splits disagree / pass.
LEANING = [
    (0.5, 0.5, -0.4),
    (0.6, 0.5, 0.0),
    (0.7, 0.6, 0.3),
    (0.3, 0.7, 0.0),
    (0.3, 0.8, -0.2),
    (0.9, 0.9, 0.0),
    (0.9, 0.15, 0.0),
    (0.2, 0.9, 0.0),
    (0.85, 0.3, 0.0),
    (0.85, 0.2, 0.0),
]


def build(dordrecht, facilitator) -> None:
    from rondetafel.workshops import services

    rng = random.Random(2026)  # the same demo every time
    workshop = services.workshop_create(
        trajectory=dordrecht, actor=facilitator, title="Verdiepingssessie intentieovereenkomst"
    )
    for kind, title, goal, minutes in (
        (
            "plenary",
            "Opening: de doelen uit de intakes",
            "Beide kanten herkennen het gedeelde doel.",
            20,
        ),
        (
            "subsessions",
            "Vier deelsessies op de onderdelen van de overeenkomst",
            "Elk onderdeel artikel voor artikel bespreken.",
            60,
        ),
        ("break", "Pauze", "", 15),
        (
            "plenary",
            "Stellingen en consentronde",
            "Zien waar we het over eens zijn, en besluiten.",
            40,
        ),
        ("plenary", "Afsluiting en ondertekening", "Afspraken bevestigen.", 15),
    ):
        services.block_add(
            workshop=workshop, actor=facilitator, kind=kind, title=title, goal=goal, minutes=minutes
        )
    voting = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Hoe staat de samenwerking ervoor?",
        options_text="\n".join(STATEMENTS),
    )
    consent = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="consent",
        title="Verlengen we de intentieovereenkomst met vijf jaar, met jaarlijkse evaluatie?",
    )
    members = Membership.objects.filter(trajectory=dordrecht, party__isnull=False).select_related(
        "user", "party"
    )
    people = [
        services.participant_join(
            workshop=workshop, display_name=m.user.full_name, side=m.party.side, user=m.user
        )[0]
        for m in members
    ]
    blocks = list(workshop.blocks.all())
    services.block_start(block=blocks[0], actor=facilitator)
    services.block_start(block=blocks[1], actor=facilitator)
    services.subgroups_define(
        block=blocks[1],
        actor=facilitator,
        topics_text="Ambitie en rollen\nKennisdeling\nAanbesteding en inkoop\nEvaluatie en looptijd",
    )
    services.groups_assign(block=blocks[1], actor=facilitator, seed=2026)
    services.groups_publish(block=blocks[1], actor=facilitator)
    services.block_start(block=blocks[2], actor=facilitator)
    services.block_start(block=blocks[3], actor=facilitator)
    services.activity_set_status(activity=voting, actor=facilitator, status="open")
    statements = list(voting.statements.all())
    seen_per_side: dict[str, int] = {}
    for person in people:
        # Alternate the camps within each side, so each camp holds both sides.
        n = seen_per_side[person.side] = seen_per_side.get(person.side, 0) + 1
        bold = n % 2 == 1
        for statement, (bold_p, careful_p, market_shift) in zip(statements, LEANING, strict=True):
            if rng.random() < 0.1:
                continue  # not everyone votes on everything
            agree = bold_p if bold else careful_p
            agree += market_shift / 2 if person.side == "market" else -market_shift / 2
            agree = min(0.97, max(0.03, agree))
            draw = rng.random()
            value = (
                "agree"
                if draw < agree
                else ("disagree" if draw < agree + (1 - agree) * 0.8 else "pass")
            )
            services.respond(
                activity=voting, participant=person, item=str(statement.pk), value=value
            )
    services.activity_refresh_analysis(voting)  # the landscape is there when the demo opens
    services.activity_set_status(activity=voting, actor=facilitator, status="closed")
    services.activity_set_status(activity=consent, actor=facilitator, status="open")
    for i, person in enumerate(people):
        answer = "stand_aside" if i % 7 == 3 else ("object" if i == 5 else "agree")
        reason = "Evaluatie moet ook over de inkoopregels gaan." if answer == "object" else ""
        services.respond(
            activity=consent, participant=person, value={"answer": answer, "reason": reason}
        )
    services.activity_set_status(activity=consent, actor=facilitator, status="closed")
    services.activity_record_outcome(
        activity=consent,
        actor=facilitator,
        outcome="Consent: verlengd tot en met 2031, met jaarlijkse evaluatie die ook de inkoopregels omvat.",
    )
    services.block_start(block=blocks[4], actor=facilitator)
    services.block_end(block=blocks[4], actor=facilitator)
    services.workshop_set_status(workshop=workshop, actor=facilitator, status="closed")


RULES = [
    "Bewoners kunnen zelf afspraken maken over afval en grofvuil in het hofje.",
    "Parkeren op de stoep mag bewoners niet worden overgelaten: dat is veiligheid.",
    "Speeltijden op het pleintje kunnen bewoners samen vastleggen.",
    "Terrassen en buurtfeesten: bewoners beslissen, de gemeente toetst alleen op veiligheid.",
    "Groenonderhoud kan een bewonersgroep overnemen, met een budget.",
]


def build_boomgaardshoek(trajectory, facilitator) -> None:
    """A neighbourhood evening: which municipal rules could residents take over, and how much
    trust is there at the start? Left open, so a demo can continue or replay it."""
    from rondetafel.workshops import services

    rng = random.Random(4)
    workshop = services.workshop_create(
        trajectory=trajectory, actor=facilitator, title="Buurtavond: regels in eigen hand"
    )
    for kind, title, goal, minutes in (
        ("plenary", "Welkom en vertrouwen peilen", "Weten waar we staan.", 15),
        ("plenary", "Welke regels kunnen bewoners zelf?", "Per regel zien waar draagvlak is.", 45),
        ("plenary", "Afronding", "Volgende stappen afspreken.", 15),
    ):
        services.block_add(
            workshop=workshop, actor=facilitator, kind=kind, title=title, goal=goal, minutes=minutes
        )
    trust = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="scale_10",
        title="Hoeveel vertrouwen heeft u nu in de gemeente? (0 tot 10)",
    )
    rules = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Regels in eigen hand",
        options_text="\n".join(RULES),
    )
    services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="grid",
        title="Waar beginnen we?",
        options_text="x: Effect voor de buurt\ny: Moeite\nAfval en grofvuil\nSpeeltijden\nGroenonderhoud\nBuurtfeesten",
    )
    members = Membership.objects.filter(trajectory=trajectory, party__isnull=False).select_related(
        "user", "party"
    )
    people = [
        services.participant_join(
            workshop=workshop, display_name=m.user.full_name, side=m.party.side, user=m.user
        )[0]
        for m in members
    ]
    blocks = list(workshop.blocks.all())
    services.block_start(block=blocks[0], actor=facilitator)
    services.activity_set_status(activity=trust, actor=facilitator, status="open")
    for person in people:
        # residents start sceptical, the professionals less so
        centre = 4 if person.side == "residents" else 6
        services.respond(
            activity=trust, participant=person, value=max(0, min(10, round(rng.gauss(centre, 1.5))))
        )
    services.activity_set_status(activity=trust, actor=facilitator, status="closed")
    services.block_start(block=blocks[1], actor=facilitator)
    services.activity_set_status(activity=rules, actor=facilitator, status="open")
    statements = list(rules.statements.all())
    for person in people:
        for i, statement in enumerate(statements):
            agree = 0.8 if i != 1 else (0.3 if person.side == "residents" else 0.9)
            draw = rng.random()
            value = "agree" if draw < agree else ("disagree" if draw < agree + 0.15 else "pass")
            services.respond(
                activity=rules, participant=person, item=str(statement.pk), value=value
            )
    services.activity_refresh_analysis(rules)
