"""The validated and adapted items a trust survey can use (../shared/reference/method.md §3).

Each item keeps its source and whether its wording is the validated original or our adaptation.
None of the Dutch wordings is validated: they are our translations, so every item says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LIKERT5 = "likert5"
SCALE10 = "scale10"
YESNO = "yesno"
TEXT = "text"
KINDS = {
    LIKERT5: _("Agree, 1 to 5"),
    SCALE10: _("Scale 0 to 10"),
    YESNO: _("Yes or no"),
    TEXT: _("Open answer"),
}
RANGES = {LIKERT5: (1, 5), SCALE10: (0, 10), YESNO: (0, 1)}


@dataclass(frozen=True)
class Item:
    key: str
    nl: str
    en: str
    kind: str = LIKERT5
    reverse: bool = False


@dataclass(frozen=True)
class Instrument:
    key: str
    name: object  # lazy translation
    source: str
    wording: object  # how faithful the wording is
    items: tuple[Item, ...]
    scale: bool  # items form one scale (mean of items) rather than separate questions
    short: object = ""  # the scale's name in a sentence
    needs_party: bool = False  # items name a party: "{party}"


ADAPTED = _(
    "Adapted: English wording reconstructed from the publication, Dutch is our unvalidated "
    "translation."
)

INSTRUMENTS = {
    "klijn": Instrument(
        key="klijn",
        name=_("Trust in the governance network (five dimensions)"),
        source="Klijn, Edelenbos & Steijn (2010), Administration & Society 42(2): 193-221",
        wording=ADAPTED,
        scale=True,
        short=_("Trust in the collaboration"),
        items=(
            Item(
                "agreement",
                "De partijen in dit project komen de onderling gemaakte afspraken over het "
                "algemeen na.",
                "The parties in this project generally live up to the agreements made with each "
                "other.",
            ),
            Item(
                "benefit_of_doubt",
                "De partijen in dit project geven elkaar het voordeel van de twijfel.",
                "The parties in this project give one another the benefit of the doubt.",
            ),
            Item(
                "reliability",
                "De partijen in dit project houden rekening met de bedoelingen van de andere "
                "partijen.",
                "The parties in this project keep in mind the intentions of the other parties.",
            ),
            Item(
                "no_opportunism",
                "Partijen gebruiken de inbreng van anderen niet voor eigen voordeel.",
                "Parties do not use the contributions of other actors for their own advantage.",
            ),
            Item(
                "goodwill",
                "Partijen in dit project kunnen ervan uitgaan dat de bedoelingen van de andere "
                "partijen in principe goed zijn.",
                "Parties in this project can assume that the intentions of the other parties "
                "are good in principle.",
            ),
        ),
    ),
    "zaheer": Instrument(
        key="zaheer",
        name=_("Trust in a named party (inter-organisational)"),
        source="Zaheer, McEvily & Perrone (1998), Organization Science 9(2): 141-159",
        wording=_(
            "Adapted: the partner is named, five points instead of seven, Dutch is our "
            "unvalidated translation; three items are reverse-coded."
        ),
        scale=True,
        needs_party=True,
        short=_("Trust in the named party"),
        items=(
            Item(
                "evenhanded",
                "{party} is in onderhandelingen met ons altijd eerlijk geweest.",
                "{party} has always been evenhanded in its negotiations with us.",
            ),
            Item(
                "profit_at_our_expense",
                "{party} kan kansen benutten om op onze kosten voordeel te halen.",
                "{party} may use opportunities that arise to profit at our expense.",
                reverse=True,
            ),
            Item(
                "cannot_rely",
                "Op grond van eerdere ervaringen kunnen we er niet volledig op vertrouwen dat "
                "{party} beloften aan ons nakomt.",
                "Based on past experience, we cannot with complete confidence rely on {party} to "
                "keep promises made to us.",
                reverse=True,
            ),
            Item(
                "hesitant",
                "We aarzelen om met {party} in zee te gaan als de afspraken vaag zijn.",
                "We are hesitant to transact with {party} when the specifications are vague.",
                reverse=True,
            ),
            Item(
                "trustworthy",
                "{party} is betrouwbaar.",
                "{party} is trustworthy.",
            ),
        ),
    ),
    "oecd_local": Instrument(
        key="oecd_local",
        name=_("Trust in the local government (0 to 10)"),
        source="OECD Trust Survey (2021, 2023), core item",
        wording=_("Adapted: OECD wording paraphrased, Dutch is our unvalidated translation."),
        scale=False,
        items=(
            Item(
                "local_government",
                "Hoeveel vertrouwen hebt u in de gemeente? (0 = helemaal niet, 10 = volledig)",
                "How much do you trust the local government? (0 = not at all, 10 = completely)",
                kind=SCALE10,
            ),
        ),
    ),
    "process": Instrument(
        key="process",
        name=_("The process: being heard"),
        source=_("rondetafel's own process items"),
        wording=_("Our own items, not validated."),
        scale=False,
        items=(
            Item("heard", "Ik ben gehoord.", "I was heard."),
            Item(
                "know_what_happens",
                "Ik weet wat er met mijn inbreng gebeurt.",
                "I know what happens with my input.",
            ),
        ),
    ),
}
