"""Demo: Dordrecht's deepening session (from the method library: statements, sub-sessions per
section of the agreement with proposals from the phones, the plenary consent per proposal)
answered by the session's participants with plausible, mixed results; Boomgaardshoek's
neighbourhood evening."""

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


PROPOSALS = [
    # (who proposes from their phone, article number or None for a new article, text, why)
    (
        "Hans Bakker",
        "12",
        "Deze overeenkomst geldt voor een periode van vijf jaar na ondertekening.",
        "Vijf jaar geeft bedrijven de zekerheid om in mensen en materieel te investeren.",
    ),
    (
        "Şahin Yılmaz",
        "9",
        "De gemeente maakt aanbestedingen toegankelijk voor lokale mkb-bedrijven, onder meer door "
        "werken in passende percelen te verdelen en op kwaliteit te gunnen, binnen de regels van "
        "de Aanbestedingswet.",
        "Lokale bedrijven moeten ook bij grotere werken kunnen meedoen.",
    ),
    (
        "Zoë Janssen",
        "7",
        "Partners organiseren vier keer per jaar een kennissessie over ontwerp, beheer en "
        "onderhoud van de openbare ruimte.",
        "Vier keer per jaar houdt de kennis levend.",
    ),
    (
        "Fatima El Amrani",
        None,
        "Partners evalueren de samenwerking elk jaar en delen de uitkomsten met alle deelnemers.",
        "Niet pas aan het einde evalueren.",
    ),
]
NEW_HEADING = "Jaarlijkse evaluatie"
CAPACITY = "Capaciteit bij de gemeente ontbreekt; twee sessies per jaar blijft de afspraak."


def build(dordrecht, facilitator, version, members) -> None:
    """The deepening session as the seed tells it, set up from the method library: the
    opening with statements; one sub-session per section of the 2019 agreement, where phones
    give verdicts and propose changes; the plenary consent that decides each proposal, counted
    per side; the consent on renewing; the closing. Runs while `version` is in review."""
    from rondetafel.agreements import services as ag
    from rondetafel.review import services as review
    from rondetafel.workshops import services
    from rondetafel.workshops.models import GroupMember, SubGroup

    rng = random.Random(2026)  # the same demo every time
    workshop = services.workshop_from_method(
        trajectory=dordrecht,
        actor=facilitator,
        method="deepening",
        title="Verdiepingssessie intentieovereenkomst",
    )
    opening, groups_block, plenary, closing = workshop.blocks.order_by("position")
    voting = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Hoe staat de samenwerking ervoor?",
        options_text="\n".join(STATEMENTS),
        block=opening,
    )
    people_of = Membership.objects.filter(trajectory=dordrecht, party__isnull=False).select_related(
        "user", "party"
    )
    phones = {
        m.user.full_name: services.participant_join(
            workshop=workshop, display_name=m.user.full_name, side=m.party.side, user=m.user
        )[0]
        for m in people_of
    }
    people = list(phones.values())
    services.workshop_set_status(workshop=workshop, actor=facilitator, status="live")

    # Opening: a word each, then the statements.
    services.block_start(block=opening, actor=facilitator)
    cloud = workshop.activities.get(kind="wordcloud")
    services.activity_set_status(activity=cloud, actor=facilitator, status="open")
    for person in people:
        services.respond(
            activity=cloud,
            participant=person,
            value=rng.choice(["zekerheid", "vertrouwen", "werk", "kennis", "gelijkwaardig"]),
        )
    services.activity_set_status(activity=cloud, actor=facilitator, status="closed")
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

    # Sub-sessions: one group per section of the agreement, the proposers in the section of
    # their article, a host per group.
    services.block_start(block=groups_block, actor=facilitator)
    round_activity = review.round_from_version(
        block=groups_block, version=version, actor=facilitator
    )
    services.groups_assign(block=groups_block, actor=facilitator, seed=2026)
    agreements_group = SubGroup.objects.get(block=groups_block, topic="Afspraken")
    for name, *_rest in PROPOSALS:
        services.group_move(
            block=groups_block,
            actor=facilitator,
            participant=phones[name],
            subgroup=agreements_group,
        )
    for group in groups_block.subgroups.all():
        member = GroupMember.objects.filter(subgroup=group).select_related("participant").first()
        if member is not None:
            services.subgroup_set_host(
                subgroup=group, actor=facilitator, participant=member.participant
            )
    services.groups_publish(block=groups_block, actor=facilitator)
    services.activity_set_status(activity=round_activity, actor=facilitator, status="open")
    for person in people:
        mine = review.section_of(activity=round_activity, participant=person)
        for article in mine.section.articles.all() if mine and mine.section else []:
            services.respond(
                activity=round_activity,
                participant=person,
                item=str(article.pk),
                value={
                    "verdict": "amend"
                    if article.number in ("7", "9", "12") and rng.random() < 0.6
                    else "keep"
                },
            )
    proposals = []
    for name, number, text, why in PROPOSALS:
        article = version.sections.get(heading="Afspraken").articles.filter(number=number).first()
        proposals.append(
            review.phone_proposal(
                activity=round_activity,
                participant=phones[name],
                kind="amend" if article else "new",
                article_id=article.pk if article else None,
                heading="" if article else NEW_HEADING,
                text=text,
                rationale=why,
            )
        )
    p_term, p_proc, p_know, _p_eval = proposals
    # Members with an account also support and comment on the agreement's own pages.
    ag.support_toggle(proposal=p_term, user=phones["Şahin Yılmaz"].user)
    ag.support_toggle(proposal=p_proc, user=phones["Fatima El Amrani"].user)
    ag.comment_create(
        proposal=p_know,
        user=phones["Hans Bakker"].user,
        text="Twee keer per jaar is haalbaar; vier keer vraagt te veel capaciteit.",
    )
    for group in groups_block.subgroups.all():
        review.group_report_save(
            activity=round_activity,
            host=group.host,
            notes="Artikel voor artikel doorgenomen.",
            outcome="Voorstellen staan op de telefoons.",
        )
    services.activity_set_status(activity=round_activity, actor=facilitator, status="closed")
    services.block_end(block=groups_block, actor=facilitator)

    # Plenary: consent on each proposal from the phones; then on renewing.
    services.block_start(block=plenary, actor=facilitator)
    consent_round = review.consent_start(workshop=workshop, version=version, actor=facilitator)
    services.activity_set_status(activity=consent_round, actor=facilitator, status="open")
    for proposal_id in list(consent_round.config["proposals"]):
        for i, person in enumerate(people):
            if proposal_id == str(p_know.pk) and person.side == "municipality":
                answer, reason = ("block", CAPACITY) if i % 2 == 0 else ("object", CAPACITY)
            else:
                answer, reason = ("stand_aside", "") if i % 9 == 4 else ("agree", "")
            services.respond(
                activity=consent_round,
                participant=person,
                item=proposal_id,
                value={"answer": answer, "reason": reason},
            )
        consent_round.refresh_from_db()
        review.consent_decide(activity=consent_round, actor=facilitator)
    services.activity_set_status(activity=consent_round, actor=facilitator, status="closed")
    consent = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="consent",
        title="Verlengen we de intentieovereenkomst met vijf jaar, met jaarlijkse evaluatie?",
        block=plenary,
    )
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
    services.block_end(block=plenary, actor=facilitator)
    services.block_start(block=closing, actor=facilitator)
    services.block_end(block=closing, actor=facilitator)
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
