"""Demo data for letting go of rules in Boomgaardshoek: the sample ordinance imported, twenty
rules in the inventory, assessed by residents, city management, urban development, the area
committee and the community police officer (who do not always agree), a draft minimal
framework, and one right-to-challenge request, decided. Built through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from rondetafel.regulations import importing, services
from rondetafel.regulations.models import Rule

SAMPLE = Path(__file__).resolve().parent.parent / "regulations" / "samples" / "apv-voorbeeld.xml"

CLUSTERS = {
    "Gebruik van de openbare ruimte": ("2:10", "2:11", "2:12", "2:13", "4:12", "5:2"),
    "Evenementen en geluid": ("2:25", "2:26", "2:27", "4:1", "2:30"),
    "Groen en afval": ("4:10", "4:11", "4:20", "4:22"),
    "Veiligheid en spelen": ("2:1", "2:20", "2:21", "5:10"),
}
HOLDERS = {
    "2:25": "Burgemeester (team Evenementen)",
    "2:26": "Burgemeester (team Evenementen)",
    "2:30": "Burgemeester",
    "2:1": "Burgemeester en politie",
    "2:21": "Brandweer Rotterdam-Rijnmond",
}
DEFAULT_HOLDER = "College (Stadsbeheer)"

OUTCOMES = {"K": "keep", "H": "hand_over", "C": "conditions", "L": "look_into"}
ROLES = {"K": "regulate", "H": "let_go", "C": "facilitate", "L": "stimulate"}
SIDES = ("residents", "municipality", "safety", "civil_society")

# Per rule: outcome per side (residents, municipality, police, area committee), the framework
# answers that hold for it (s=safety, h=health, b=beyond the area, w=higher law), and reasons
# per side where the sides see it differently.
ASSESSED = {
    "2:1": ("KKKK", "sw", {}),
    "2:10": (
        "HCCC",
        "",
        {
            "residents": "Bloembakken en bankjes regelen we prima onderling.",
            "municipality": "Alleen als de doorgang voor rolstoelen en hulpdiensten vrij blijft.",
        },
    ),
    "2:11": (
        "HCKH",
        "s",
        {
            "residents": "Een uitrit is een zaak tussen buren en de straat.",
            "safety": "Uitritten raken de verkeersveiligheid; dat blijft een vergunning.",
        },
    ),
    "2:12": ("KKKK", "bw", {}),
    "2:13": ("HHHH", "", {}),
    "2:20": ("KKKK", "s", {}),
    "2:21": ("KKKK", "sh", {}),
    "2:25": (
        "CKKC",
        "s",
        {
            "residents": "Buurtfeesten tot 500 mensen kunnen we zelf organiseren met een draaiboek.",
            "safety": "Grote evenementen vragen om een veiligheidsplan en toezicht van de burgemeester.",
            "municipality": "De burgemeester blijft bevoegd; dat volgt uit de Gemeentewet.",
        },
    ),
    "2:26": (
        "HCCH",
        "",
        {
            "residents": "Een melding bij de gebiedscommissie volstaat voor een klein feest.",
            "municipality": "Melding blijft nodig zodat hulpdiensten weten wat er gebeurt.",
        },
    ),
    "2:27": (
        "HHCH",
        "",
        {
            "safety": "Een afgesloten straat moet bereikbaar blijven voor de brandweer.",
        },
    ),
    "2:30": (
        "CKKL",
        "sh",
        {
            "residents": "Laat de buurt zelf een vuurwerkvrije zone voorstellen rond de speeltuin.",
            "safety": "Vuurwerkzones hangen samen met de inzet van politie in de hele stad.",
        },
    ),
    "4:1": ("CCCC", "h", {}),
    "4:10": (
        "LKLL",
        "b",
        {
            "municipality": "Bomen horen bij de groenstructuur van de hele stad.",
            "residents": "Wij willen meepraten over welke bomen blijven, niet zelf kappen.",
        },
    ),
    "4:11": (
        "HCHH",
        "",
        {
            "residents": "De groenstroken onderhouden we beter en goedkoper zelf.",
            "municipality": "Overdragen kan, met een afgesproken beeldkwaliteit en een jaarlijkse schouw.",
        },
    ),
    "4:12": ("HHHH", "", {}),
    "4:20": (
        "CKCC",
        "h",
        {
            "municipality": "Afval raakt de volksgezondheid en het inzamelcontract van de stad.",
            "residents": "Een eigen rooster voor grof vuil, onder de regels van de stad.",
        },
    ),
    "4:22": ("HCHH", "h", {}),
    "5:2": (
        "HCKC",
        "s",
        {
            "safety": "Grote voertuigen belemmeren het zicht bij de school.",
        },
    ),
    "5:10": ("HHCH", "", {}),
}
POLICY = (
    "Beleidsregel bewonersinitiatieven",
    "Bewonersinitiatieven worden aangevraagd bij de gemeente en beoordeeld door de "
    "gebiedscommissie; uitbetaling na goedkeuring door het college.",
    "HCHH",
)
# Decisions of the draft framework: (article, outcome, role, conditions, reason)
DECIDED = [
    (
        "2:1",
        "keep",
        "regulate",
        "",
        "Openbare orde en veiligheid: basisveiligheid blijft centraal.",
    ),
    ("2:12", "keep", "regulate", "", "Kabels en leidingen reiken verder dan de wijk; hoger recht."),
    ("2:20", "keep", "regulate", "", "Basisveiligheid op de weg."),
    ("2:21", "keep", "regulate", "", "Brandveiligheid: basisveiligheid en gezondheid."),
    ("2:13", "hand_over", "let_go", "", "Alle kanten: de buurt regelt aankondigingen zelf."),
    (
        "4:12",
        "hand_over",
        "let_go",
        "",
        "Geveltuinen zijn al vergunningvrij; de buurt spreekt de maat af.",
    ),
    (
        "4:22",
        "hand_over",
        "let_go",
        "",
        "Composteren is een buurtzaak; de GGD-richtlijn blijft gelden.",
    ),
    (
        "2:10",
        "conditions",
        "facilitate",
        "Doorgang van 1,5 meter blijft vrij.",
        "Bewoners regelen het onderling; veiligheid van de doorgang blijft de norm.",
    ),
    (
        "2:26",
        "conditions",
        "facilitate",
        "Melding bij de gebiedscommissie, die de hulpdiensten informeert.",
        "Een melding bij de buurt in plaats van bij de burgemeester, met de hulpdiensten op de hoogte.",
    ),
    (
        "4:1",
        "conditions",
        "facilitate",
        "Buurtafspraak over tijden; klachten eerst via buurtbemiddeling.",
        "Alle kanten willen dit overdragen onder voorwaarden.",
    ),
    (
        "4:11",
        "conditions",
        "facilitate",
        "Afgesproken beeldkwaliteit en een jaarlijkse schouw.",
        "Bewoners nemen het onderhoud van de groenstroken over (zie het uitdaagrechtverzoek).",
    ),
    (
        "4:20",
        "conditions",
        "direct",
        "Binnen het inzamelcontract en de regels van de stad.",
        "Gezondheid blijft centraal; het rooster voor grof vuil kan de buurt zelf vaststellen.",
    ),
    ("2:30", "look_into", "stimulate", "", "De buurt stelt een zone voor; de politie kijkt mee."),
]


def build(trajectory, facilitator, members) -> None:
    report = importing.import_xml(
        trajectory=trajectory, actor=facilitator, content=SAMPLE.read_bytes()
    )
    provisions = {p.number: p for p in report.regulation.provisions.all()}
    for name, numbers in CLUSTERS.items():
        cluster = services.cluster_add(trajectory=trajectory, actor=facilitator, name=name)
        for number in numbers:
            services.rules_from_provisions(
                trajectory=trajectory,
                actor=facilitator,
                provisions=[provisions[number]],
                cluster=cluster,
                holder=HOLDERS.get(number, DEFAULT_HOLDER),
            )
    policy = services.rule_add_policy(
        trajectory=trajectory,
        actor=facilitator,
        title=POLICY[0],
        text=POLICY[1],
        holder="College (wijkbudget)",
    )
    rules = {
        r.provision.number: r
        for r in Rule.objects.filter(trajectory=trajectory, provision__isnull=False).select_related(
            "provision"
        )
    }
    people = _assessors(trajectory, members)
    specs = [(rules[n], *spec) for n, spec in ASSESSED.items()]
    specs.append((policy, POLICY[2], "", {}))
    for rule, codes, answers, reasons in specs:
        for side, code in zip(SIDES, codes, strict=True):
            for i, user in enumerate(people[side]):
                # The last resident of the five leans one step more cautious: a side is not
                # one voice.
                own = (
                    "C"
                    if side == "residents" and i == len(people[side]) - 1 and code == "H"
                    else code
                )
                services.assessment_save(
                    rule=rule,
                    user=user,
                    data={
                        "safety": "yes" if "s" in answers else "no",
                        "health": "yes" if "h" in answers else "no",
                        "beyond_area": "yes" if "b" in answers else "no",
                        "higher_law": "yes" if "w" in answers else "unsure",
                        "outcome": OUTCOMES[own],
                        "role": ROLES[own],
                        "conditions": "Met een jaarlijkse evaluatie in de buurt."
                        if own == "C"
                        else "",
                        "reason": reasons.get(side) or _generic(own),
                    },
                )
    for number, outcome, role, conditions, reason in DECIDED:
        services.decision_record(
            rule=rules[number],
            actor=facilitator,
            outcome=outcome,
            role=role,
            conditions=conditions,
            reason=reason,
        )
    _challenge(trajectory, facilitator, members, rules["4:11"])
    workshop = trajectory.workshops.order_by("created_at").first()
    if workshop is not None:
        services.assessing_start(trajectory=trajectory, workshop=workshop, actor=facilitator)


def _generic(code: str) -> str:
    return {
        "K": "Dit raakt de basis: veiligheid, gezondheid of afspraken buiten de wijk.",
        "H": "Dit kan de buurt zelf; de regel voegt weinig toe.",
        "C": "Overdragen kan, als de randvoorwaarden goed zijn afgesproken.",
        "L": "Hier weten we nog te weinig van; eerst uitzoeken.",
    }[code]


def _assessors(trajectory, members) -> dict[str, list]:
    from rondetafel.trajectories.constants import Role
    from rondetafel.trajectories.models import Membership

    people: dict[str, list] = {side: [] for side in SIDES}
    for membership in (
        Membership.objects.filter(trajectory=trajectory, party__isnull=False)
        .exclude(role__in=[Role.OBSERVER, Role.FACILITATOR])
        .select_related("party", "user")
        .order_by("created_at")
    ):
        if membership.party.side in people:
            people[membership.party.side].append(membership.user)
    return people


def _challenge(trajectory, facilitator, members, green_rule) -> None:
    today = timezone.localdate()
    request = services.challenge_submit(
        trajectory=trajectory,
        requester=members["Annie van Dam"],
        data={
            "organisation": "Stichting Bewoners Boomgaardshoek (i.o.)",
            "rooted": "Bewonersgroep sinds 2019, 60 actieve leden uit de wijk; organiseert de "
            "jaarlijkse opschoondag en het buurtfeest.",
            "task": "Onderhoud van de groenstroken langs de Fruitlaan en het Hoogwerf-plantsoen.",
            "current_budget": Decimal("18500.00"),
            "plan": "Maandelijkse onderhoudsploeg van bewoners, aangevuld met een hovenier uit "
            "de wijk voor snoeiwerk; een beplantingsplan met de buurt; gereedschap in de "
            "buurtschuur.",
            "added_value": "Meer eigenaarschap en ontmoeting; werkervaring voor twee "
            "jongeren uit de wijk; bloeiende in plaats van kortgemaaide stroken.",
            "support": "Handtekeningenlijst van 146 huishoudens; besproken op de bewonersavond "
            "van 14 oktober.",
            "supporters": 146,
            "start_on": today + timedelta(weeks=20),
        },
        rules=[green_rule],
    )
    decider = members["Robert Koster"]
    services.challenge_assess(
        request=request,
        actor=decider,
        criteria={
            "as_good": {
                "met": True,
                "note": "Beeldkwaliteit B, jaarlijkse schouw met Stadsbeheer.",
            },
            "not_dearer": {"met": True, "note": "Binnen het huidige budget van € 18.500."},
            "added_value": {
                "met": True,
                "note": "Aantoonbaar draagvlak; werkervaring voor jongeren.",
            },
        },
        note="Beoordeeld door het managementpanel wijkaanpak.",
    )
    services.challenge_decide(
        request=request,
        actor=decider,
        granted=True,
        reason="Het verzoek voldoet aan de drie criteria. Toegekend voor twee jaar, met een "
        "jaarlijkse verantwoording en schouw; het budget gaat per kwartaal over.",
    )
