"""Demo data for steps 1 to 3: intakes, the shared goal with sign-offs, and a register of about
thirty stakeholders per trajectory (from `data/*-register.csv`, through the register import)
with assessments at two dates, interests (`data/*-interests.csv`), relationships and a log.
Built through the services; deterministic (seeded)."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from rondetafel.stakeholders import services as ss
from rondetafel.stakeholders.constants import Channel, Engagement, Ladder, RelationshipKind, Verdict

INTAKES = {
    "Gemeente Dordrecht": dict(
        goals="De samenwerking met het lokale mkb herbevestigen en de regierol van de gemeente verder invullen.",
        expectations="Concrete afspraken per onderdeel van de overeenkomst.",
        concerns="Rechtmatigheid van aanbesteden mag niet in het geding komen.",
        mandate="Programmamanager mag namens de directie afspraken maken binnen het budget.",
        fixed_frame="Aanbestedingswet en het inkoopbeleid.",
    ),
    "Stichting GWW Drechtsteden": dict(
        goals="Continuïteit van werk en samen kennis ontwikkelen als gelijkwaardige partner.",
        expectations="Dat de gemeente luistert naar het vakmanschap van de bedrijven.",
        concerns="Dat het bij mooie woorden blijft.",
        mandate="Het bestuur tekent namens de aangesloten bedrijven.",
        fixed_frame="Geen exclusiviteit: de markt blijft open.",
    ),
    "Stadsontwikkeling": dict(
        goals="Regels die de wijk zelf kan dragen overdragen aan de bewoners.",
        expectations="Een gedeeld beeld van het minimale kader.",
        concerns="Aansprakelijkheid en gelijke behandeling van wijken.",
        mandate="Voorstellen doen aan het college.",
        fixed_frame="Basisveiligheid, gezondheid en bindende gebiedsoverstijgende afspraken.",
    ),
    "Bewoners Boomgaardshoek": dict(
        goals="Zelf bepalen hoe het groen en de speelplekken worden gebruikt.",
        expectations="Dat de gemeente echt durft los te laten.",
        concerns="Dat een paar actieve bewoners alles bepalen.",
        mandate="De bewonersgroep spreekt voor de leden, niet voor de hele wijk.",
        fixed_frame="Iedereen in de wijk moet mee kunnen doen.",
    ),
    "Gebiedscommissie": dict(
        goals="De pilot zorgvuldig begeleiden.",
        expectations="Regelmatige terugkoppeling.",
        concerns="Draagvlak in de hele wijk.",
        mandate="Adviseren.",
        fixed_frame="De formele rol van de gebiedscommissie.",
    ),
    "Politie Rotterdam, wijkteam": dict(
        goals="Veiligheid blijft overeind als regels verdwijnen.",
        expectations="Korte lijnen met bewoners.",
        concerns="Handhaafbaarheid van nieuwe afspraken.",
        mandate="Geen: de politie adviseert.",
        fixed_frame="Wettelijke taken van de politie.",
    ),
}


DATA = Path(__file__).parent / "data"


def _register(trajectory, facilitator, slug: str, rng: random.Random):
    """The register as a facilitator would bring it: a spreadsheet, imported through the
    product's own import (upload, check, import), then an earlier assessment per stakeholder
    and their interests from a second file."""
    from rondetafel.stakeholders.importing import guess_mapping

    batch = ss.import_upload(
        trajectory=trajectory,
        actor=facilitator,
        filename=f"{slug}-register.csv",
        content=(DATA / f"{slug}-register.csv").read_bytes(),
    )
    results, imported = ss.import_run(
        batch=batch, actor=facilitator, mapping=guess_mapping(batch.header), keep_valid=False
    )
    if imported != len(results):  # the demo's own file: every row must be good
        raise RuntimeError([r.errors for r in results if not r.ok])
    created = list(trajectory.stakeholders.select_related("current").order_by("created_at", "name"))
    by_name = {s.name: s for s in created}
    for s in created:
        # The first map, at the start: attitudes mostly moved towards the desired one since.
        now = s.current
        ss.assessment_create(
            stakeholder=s,
            actor=facilitator,
            assessed_on=date(2026, 9, 10),
            power=max(1, min(5, now.power + rng.choice([-1, 0, 0]))),
            interest=max(1, min(5, now.interest + rng.choice([-1, 0, 0, 1]))),
            legitimacy=now.legitimacy,
            urgency=now.urgency and rng.random() < 0.6,
            attitude={"supportive": "neutral", "leading": "supportive"}.get(
                now.attitude, now.attitude
            ),
            attitude_desired=now.attitude_desired,
            engagement=Engagement.CONSULT,
        )
    with (DATA / f"{slug}-interests.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            ss.interest_create(
                stakeholder=by_name[row["stakeholder"]],
                actor=facilitator,
                text=row["interest"],
                tag=row["tag"],
                supports=row["supports"] == "ja",
                priority=rng.randint(1, 3),
            )
    kinds = [k for k, _l in RelationshipKind.choices]
    for _ in range(len(created)):
        a, b = rng.sample(created, 2)
        try:
            ss.relationship_create(
                trajectory=trajectory,
                actor=facilitator,
                source=a,
                target=b,
                kind=rng.choice(kinds),
                strength=rng.randint(1, 3),
                positive=rng.random() > 0.25,
            )
        except Exception:  # noqa: S112 a duplicate pair drawn twice: skip it  # nosec B112
            continue
    for s in created[:8]:
        ss.interaction_create(
            stakeholder=s,
            actor=facilitator,
            happened_on=date(2026, 10, rng.randint(1, 28)),
            channel=rng.choice([Channel.MEETING, Channel.PHONE, Channel.EMAIL]),
            summary=f"Kennismaking en verwachtingen besproken met {s.name}.",
            follow_up="Uitnodiging voor de sessie sturen.",
        )
        ss.action_create(
            stakeholder=s,
            actor=facilitator,
            description="Persoonlijk uitnodigen voor de verdiepingssessie",
            due_on=date(2026, 11, 30),
        )
    ss.commitment_create(
        stakeholder=created[1],
        actor=facilitator,
        description="Verslag van de intake binnen een week delen",
        owner="Marieke de Vries",
        due_on=date(2026, 11, 1),
    )
    return created


def build(dordrecht, boomgaardshoek, facilitator, members) -> None:
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    for trajectory in (dordrecht, boomgaardshoek):
        for party in trajectory.parties.all():
            if party.name in INTAKES:
                ss.intake_save(
                    party=party, actor=facilitator, held_on=date(2026, 9, 20), **INTAKES[party.name]
                )
    goal = ss.goal_save(
        trajectory=dordrecht,
        actor=facilitator,
        engagement_level=Engagement.COLLABORATE,
        ladder_level=Ladder.COPRODUCE,
        text="Gemeente Dordrecht en de lokale GWW-ondernemers herijken hun intentieovereenkomst en bevestigen die opnieuw, als gelijkwaardige partners die kennis delen voor duurzaam ontwerp, beheer en onderhoud van de openbare ruimte.",
    )
    ss.goal_sign_off(goal=goal, user=members["Hans Bakker"], verdict=Verdict.AGREE)
    ss.goal_sign_off(
        goal=goal,
        user=members["Kees van Wijngaarden"],
        verdict=Verdict.AGREE_WITH_REMARK,
        remark="Graag ook afspraken over de evaluatie.",
    )
    goal = ss.goal_save(
        trajectory=boomgaardshoek,
        actor=facilitator,
        engagement_level=Engagement.COLLABORATE,
        ladder_level=Ladder.COPRODUCE,
        text="Samen met de bewoners van Boomgaardshoek bepalen welke regels de wijk zelf kan dragen, binnen een minimaal kader van basisveiligheid, gezondheid en bindende gebiedsoverstijgende afspraken.",
    )
    ss.goal_sign_off(goal=goal, user=members["Robert Koster"], verdict=Verdict.AGREE)
    ss.goal_sign_off(
        goal=goal,
        user=members["Annie van Dam"],
        verdict=Verdict.NOT_YET,
        remark="Eerst zien dat de gemeente echt wil loslaten.",
    )
    _register(dordrecht, facilitator, "dordrecht", rng)
    _register(boomgaardshoek, facilitator, "boomgaardshoek", rng)
