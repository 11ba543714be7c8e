"""A report as HTML (its body, in the report's own language), PDF (WeasyPrint) and DOCX."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .drafting import blocks
from .evidence import evidence


def _context(report) -> dict:
    return {
        "report": report,
        "sections": [{**s, "blocks": blocks(s["text"])} for s in report.sections],
        "quotes": [q for q in report.quotes.all() if q.has_consent],
        "evidence": evidence(report.trajectory),
    }


def body_html(report) -> str:
    with translation.override(report.language):
        return render_to_string("reports/_body.html", _context(report))


def pdf(report) -> bytes:
    from weasyprint import HTML

    with translation.override(report.language):
        html = render_to_string("reports/report_pdf.html", _context(report))
    return HTML(string=html).write_pdf()


def docx(report) -> bytes:
    from docx import Document

    with translation.override(report.language):
        context = _context(report)
        document = Document()
        document.core_properties.title = report.title
        document.core_properties.language = report.language
        document.add_heading(report.title, level=0)
        for section in context["sections"]:
            document.add_heading(section["heading"], level=1)
            for kind, content in section["blocks"]:
                if kind == "ul":
                    for item in content:
                        document.add_paragraph(item, style="List Bullet")
                else:
                    document.add_paragraph(content)
        facts = context["evidence"]
        document.add_heading(_("Measured"), level=1)
        for signed in facts.signed:
            document.add_paragraph(
                _("%(title)s, version %(v)d: %(n)d signatures (%(date)s), SHA-256 %(sha)s")
                % {
                    "title": signed.title,
                    "v": signed.version,
                    "n": signed.signatures,
                    "date": date_format(signed.completed_on, "j F Y")
                    if signed.completed_on
                    else "",
                    "sha": signed.sha256,
                },
                style="List Bullet",
            )
        for sentence in facts.trust:
            document.add_paragraph(sentence, style="List Bullet")
        for session in facts.sessions:
            document.add_heading(session.title, level=2)
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            header = table.rows[0].cells
            header[0].text, header[1].text, header[2].text = (
                _("Side"),
                _("Share of the people"),
                _("Share of the contributions"),
            )
            for voice in session.voice:
                row = table.add_row().cells
                row[0].text = voice.label
                row[1].text = f"{voice.people_share:.0%} ({voice.people})"
                row[2].text = f"{voice.contribution_share:.0%} ({voice.contributions})"
        if context["quotes"]:
            document.add_heading(_("In their own words"), level=1)
            for quote in context["quotes"]:
                document.add_paragraph(f"“{quote.text}”", style="Intense Quote")
                document.add_paragraph(
                    f"{quote.speaker}" + (f", {quote.speaker_role}" if quote.speaker_role else "")
                )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
