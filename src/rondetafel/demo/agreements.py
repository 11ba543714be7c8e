"""Demo agreements: Dordrecht's original one-year intent agreement (as Markdown and as a Word
file to import), its review in the deepening session and the renewed five-year version; and a
draft neighbourhood agreement for Boomgaardshoek. Fictional text in the spirit of the case."""

from __future__ import annotations

import io
from datetime import date

DORDRECHT_2019 = """# Intentieovereenkomst samenwerking openbare ruimte Dordrecht

## De partners hebben geconstateerd dat

### Artikel 1 Grote opgaven
De gemeente Dordrecht staat de komende jaren voor grote opgaven in de grond-, weg- en waterbouw.

### Artikel 2 Groeiagenda
De groeiagenda van de stad vraagt om continuïteit in ontwerp, aanleg en onderhoud van de openbare ruimte.

### Artikel 3 Schaarste en faalkosten
Vakmensen zijn schaars en faalkosten zijn hoog; werk moet in één keer goed.

### Artikel 4 Elkaar kennen
Samenwerking verbetert alleen als partners elkaar kennen en begrijpen, elkaars deskundigheid benutten, samen evalueren en de resultaten delen.

## Ambitie

### Artikel 5 Mkb-vriendelijke gemeente
Dordrecht wil tot de vijf meest mkb-vriendelijke gemeenten van Nederland behoren.

### Artikel 6 Gelijkwaardig partnerschap
Gemeente en lokale GWW-ondernemers werken als gelijkwaardige partners: de markt brengt vakmanschap in, de gemeente groeit naar een regierol.

## Afspraken

### Artikel 7 Kennis delen
Partners organiseren twee keer per jaar een kennissessie over ontwerp, beheer en onderhoud van de openbare ruimte.

### Artikel 8 Duurzaam beheer
Partners onderzoeken samen hoe materialen in de openbare ruimte vaker kunnen worden hergebruikt.

### Artikel 9 Aanbesteden
De gemeente maakt aanbestedingen toegankelijk voor lokale mkb-bedrijven, binnen de regels van de Aanbestedingswet.

### Artikel 10 Regierol
De gemeente beschrijft in een plan hoe zij haar regierol in het beheer van de openbare ruimte invult.

### Artikel 11 Evaluatie
Partners evalueren de samenwerking na afloop van deze overeenkomst.

### Artikel 12 Looptijd
Deze overeenkomst geldt voor een periode van één jaar na ondertekening.
"""

BOOMGAARDSHOEK_DRAFT = """# Buurtafspraken Boomgaardshoek (concept)

## Waarom deze afspraken

### Artikel 1 Vertrouwen
Bewoners en gemeente willen regels loslaten waar de wijk het zelf kan dragen.

## Minimaal kader

### Artikel 2 Basisveiligheid
Regels voor brandveiligheid, verkeersveiligheid en de veiligheid van speeltoestellen blijven bij de gemeente.

### Artikel 3 Gezondheid
Afspraken over afval, ongedierte en water blijven bij de gemeente.

### Artikel 4 Gebiedsoverstijgende afspraken
Wat buiten de wijk gevolgen heeft, blijft onder bindende afspraken van de stad.

## Zelfbeheer

### Artikel 5 Groen
De bewonersgroep beheert het groen rond de speeltuin en het hofje.

### Artikel 6 Gebruik van het plein
Bewoners spreken samen af wanneer het plein voor activiteiten wordt gebruikt.
"""

SIGNATORIES_DORDRECHT = "Hans Bakker, programmamanager openbare ruimte, Gemeente Dordrecht\nKees van Wijngaarden, voorzitter, Stichting GWW Drechtsteden"


def dordrecht_docx() -> bytes:
    """The 2019 agreement as a municipal Word file would have it: a title, Heading 1 for the
    parts, Heading 2 'Artikel N' for the articles."""
    from docx import Document

    document = Document()
    for line in DORDRECHT_2019.splitlines():
        if line.startswith("# "):
            document.add_heading(line[2:], level=0)
        elif line.startswith("## "):
            document.add_heading(line[3:], level=1)
        elif line.startswith("### "):
            document.add_heading(line[4:], level=2)
        elif line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(dordrecht, boomgaardshoek, facilitator, members) -> None:
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.constants import VersionStatus
    from rondetafel.agreements.structure import parse_markdown

    v1 = ag.agreement_create(
        trajectory=dordrecht,
        actor=facilitator,
        title="Intentieovereenkomst samenwerking openbare ruimte Dordrecht",
        parsed=parse_markdown(DORDRECHT_2019),
        valid_from=date(2019, 3, 28),
        valid_until=date(2020, 3, 27),
        signatories=SIGNATORIES_DORDRECHT,
    )
    for status in (
        VersionStatus.ADOPTED,
        VersionStatus.OPEN_FOR_SIGNING,
        VersionStatus.SIGNED,
        VersionStatus.IN_REVIEW,
    ):
        ag.version_set_status(version=v1, actor=facilitator, status=status)
    articles = {a.number: a for a in v1.sections.all()[2].articles.all()} | {
        a.number: a for s in v1.sections.all() for a in s.articles.all()
    }
    sme, city = members["Şahin Yılmaz"], members["Hans Bakker"]
    for user, verdicts in (
        (sme, {"7": "amend", "9": "amend", "12": "amend", "11": "keep"}),
        (city, {"7": "keep", "9": "amend", "12": "amend", "11": "amend"}),
    ):
        for number, verdict in verdicts.items():
            ag.verdict_set(article=articles[number], user=user, verdict=verdict)
    # The deepening session reviews this version: proposals from the phones in sub-sessions,
    # decided by the plenary's consent (demo.workshops).
    from rondetafel.demo import workshops

    workshops.build(dordrecht, facilitator, v1, members)
    v2 = ag.version_consolidate(version=v1, actor=facilitator)
    ag.version_update(
        version=v2,
        actor=facilitator,
        title="Intentieovereenkomst samenwerking openbare ruimte Dordrecht 2026-2031",
        valid_from=date(2026, 12, 1),
        valid_until=date(2031, 11, 30),
        signatories=SIGNATORIES_DORDRECHT,
    )
    ag.version_set_status(version=v2, actor=facilitator, status=VersionStatus.ADOPTED)

    ag.agreement_create(
        trajectory=boomgaardshoek,
        actor=facilitator,
        title="Buurtafspraken Boomgaardshoek",
        parsed=parse_markdown(BOOMGAARDSHOEK_DRAFT),
    )
