"""Bringing an ordinance in: a CVDR XML file, or a spreadsheet of articles (number, title,
text). Either the whole regulation is stored or nothing; a newer version of one already there
is stored beside it, with each article marked new or changed, and the rules that cite a changed
article are flagged for review."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.core.spreadsheet import UnsafeFile, xlsx_rows
from rondetafel.trajectories.audit import audit

from . import cvdr
from .models import Assessment, Decision, Provision, Regulation, Rule

SHEET_COLUMNS = {
    "number": ("artikel", "artikelnummer", "nummer", "nr", "article", "number"),
    "heading": ("titel", "kop", "opschrift", "title", "heading"),
    "text": ("tekst", "inhoud", "text"),
}
MAX_SHEET_ROWS = 5000


@dataclass
class ImportReport:
    regulation: Regulation
    articles: int
    unknown: dict[str, int] = field(default_factory=dict)
    new: list[str] = field(default_factory=list)  # article numbers, against the previous version
    changed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    flagged_rules: int = 0


def _digest(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


def import_xml(*, trajectory, actor, content: bytes) -> ImportReport:
    try:
        data = cvdr.parse(content)
    except cvdr.CvdrError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    return _store(trajectory=trajectory, actor=actor, data=data, source="cvdr")


def import_sheet(
    *, trajectory, actor, filename: str, content: bytes, title: str, identifier: str, version: str
) -> ImportReport:
    rows = _sheet_rows(filename, content)
    articles, errors, seen = [], [], set()
    for line, row in rows:
        number, heading, text = (row.get(k, "").strip() for k in ("number", "heading", "text"))
        if not number and not heading and not text:
            continue
        problem = ""
        if not number:
            problem = _("the article number is empty")
        elif not text:
            problem = _("the text is empty")
        elif number in seen:
            problem = _("article %(number)s occurs twice") % {"number": number}
        elif len(number) > 30 or len(heading) > 300 or len(text) > cvdr.MAX_ARTICLE_CHARS:
            problem = _("a cell is too long")
        if problem:
            errors.append(_("Row %(row)d: %(problem)s.") % {"row": line, "problem": problem})
            continue
        seen.add(number)
        articles.append(cvdr.ArticleData(number, heading, [], [cvdr.Member("", text)]))
    if errors:
        raise ValidationError(
            {
                "file": [
                    _("Nothing was imported: %(n)d rows need fixing first.") % {"n": len(errors)},
                    *errors[:20],
                ]
            }
        )
    if not articles:
        raise ValidationError({"file": _("The spreadsheet has no articles.")})
    identifier = identifier.strip() or "sheet-" + re.sub(r"[^a-z0-9]+", "-", title.lower())[:30]
    data = cvdr.RegulationData(
        identifier=identifier[:40],
        version=(version.strip() or "1")[:20],
        municipality="",
        title=title[:500],
        citation_title="",
        in_force=None,
        articles=articles,
    )
    return _store(trajectory=trajectory, actor=actor, data=data, source="spreadsheet")


def _sheet_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows as {number, heading, text}, with their line numbers; missing columns refused."""
    if filename.lower().endswith(".xlsx"):
        try:
            table = [
                ["" if c is None else str(c) for c in row]
                for row in xlsx_rows(content, MAX_SHEET_ROWS + 1)
            ]
        except UnsafeFile as exc:
            raise ValidationError(
                {"file": _("This XLSX file unpacks to far more than its size.")}
            ) from exc
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise ValidationError({"file": _("This XLSX file cannot be read.")}) from exc
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")  # type: ignore[assignment]
        except csv.Error:
            pass
        table = list(csv.reader(io.StringIO(text), dialect))
    if not table:
        raise ValidationError({"file": _("The spreadsheet is empty.")})
    if len(table) > MAX_SHEET_ROWS + 1:
        raise ValidationError({"file": _("The spreadsheet has more than 5,000 rows.")})
    header = [c.strip().casefold() for c in table[0]]
    where = {}
    for key, names in SHEET_COLUMNS.items():
        where[key] = next((i for i, h in enumerate(header) if h in names), None)
    missing = [k for k, i in where.items() if i is None and k != "heading"]
    if missing:
        labels = {"number": _("article number"), "text": _("text")}
        raise ValidationError(
            {
                "file": _(
                    "The spreadsheet lacks the column(s): %(columns)s. The first row names "
                    "the columns: article number (artikel), title (titel), text (tekst)."
                )
                % {"columns": ", ".join(str(labels[m]) for m in missing)}
            }
        )
    rows = []
    for line, row in enumerate(table[1:], start=2):
        rows.append(
            (
                line,
                {k: (row[i] if i is not None and i < len(row) else "") for k, i in where.items()},
            )
        )
    return rows


@transaction.atomic
def _store(*, trajectory, actor, data: cvdr.RegulationData, source: str) -> ImportReport:
    same = Regulation.objects.filter(
        trajectory=trajectory, identifier=data.identifier, version=data.version
    ).first()
    if same is not None:
        raise ValidationError(
            {
                "file": _(
                    "%(identifier)s version %(version)s has been imported already (on "
                    "%(date)s); nothing was changed."
                )
                % {
                    "identifier": data.identifier,
                    "version": data.version,
                    "date": timezone.localtime(same.created_at).strftime("%d-%m-%Y"),
                }
            }
        )
    previous = (
        Regulation.objects.filter(
            trajectory=trajectory, identifier=data.identifier, newer__isnull=True
        )
        .order_by("-created_at")
        .first()
    )
    regulation = Regulation.objects.create(
        trajectory=trajectory,
        identifier=data.identifier,
        version=data.version,
        municipality=data.municipality,
        title=data.title,
        citation_title=data.citation_title,
        in_force=data.in_force,
        source=source,
        previous=previous,
        unknown_elements=dict(data.unknown),
        imported_by=actor,
    )
    old = {p.number: p for p in previous.provisions.all()} if previous else {}
    report = ImportReport(regulation=regulation, articles=len(data.articles))
    report.unknown = dict(data.unknown)
    provisions = []
    for order, article in enumerate(data.articles, start=1):
        digest = _digest(article.text)
        change = ""
        if previous is not None:
            before = old.get(article.number)
            if before is None:
                change = "new"
                report.new.append(article.number)
            elif before.digest != digest:
                change = "changed"
                report.changed.append(article.number)
        provisions.append(
            Provision(
                regulation=regulation,
                order=order,
                number=article.number[:30],
                heading=article.heading[:300],
                path=article.path,
                members=[[m.number, m.text] for m in article.members],
                text=article.text,
                digest=digest,
                change=change,
            )
        )
    Provision.objects.bulk_create(provisions, batch_size=500)
    if previous is not None:
        report.dropped = sorted(set(old) - {a.number for a in data.articles})
        report.flagged_rules = _carry_rules_over(previous, regulation, report)
    audit(
        "regulations.imported",
        actor=actor,
        obj=regulation,
        trajectory=trajectory,
        identifier=regulation.identifier,
        version=regulation.version,
        articles=report.articles,
        changed=len(report.changed),
        unknown=report.unknown,
    )
    return report


def _carry_rules_over(previous: Regulation, regulation: Regulation, report: ImportReport) -> int:
    """Rules that cite the old version now cite the new one; where the article changed or went,
    the rule, its assessments and its decision are flagged for review."""
    new = {p.number: p for p in regulation.provisions.all()}
    flagged = []
    for rule in Rule.objects.filter(provision__regulation=previous).select_related("provision"):
        number = rule.provision.number
        text = new[number].member_text(rule.member) if number in new else None
        if text is not None:
            rule.provision = new[number]
            rule.needs_review = rule.needs_review or text != rule.text
            rule.text = text  # the rule reads as the ordinance now does
        else:
            rule.needs_review = True  # the article or member is gone: keep citing the old one
        rule.save(update_fields=["provision", "text", "needs_review", "updated_at"])
        if rule.needs_review:
            flagged.append(rule.pk)
    Assessment.objects.filter(rule__in=flagged).update(needs_review=True)
    Decision.objects.filter(rule__in=flagged).update(needs_review=True)
    return len(flagged)
