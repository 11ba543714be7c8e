"""Agreements out: Markdown, Word and PDF (WeasyPrint, from the same templates as the pages)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation

from . import selectors
from .structure import to_markdown


def version_markdown(version) -> str:
    sections = [
        (s.heading, [(a.number, a.heading, a.text) for a in s.articles.all()])
        for s in selectors.version_document(version=version)
    ]
    return to_markdown(version.title, sections)


def version_docx(version) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = version.title
    document.add_heading(version.title, level=0)
    for section in selectors.version_document(version=version):
        document.add_heading(section.heading, level=1)
        for article in section.articles.all():
            label = " ".join(
                p
                for p in (f"Artikel {article.number}" if article.number else "", article.heading)
                if p
            )
            if label:
                document.add_heading(label, level=2)
            for clause in article.clauses:
                document.add_paragraph(clause)
    if version.signatories.strip():
        document.add_page_break()
        document.add_heading("Ondertekening", level=1)
        for line in version.signatories.splitlines():
            if line.strip():
                document.add_paragraph(f"{line.strip()}\n\n______________________________")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def version_pdf(version) -> bytes:
    return _pdf(
        "agreements/pdf_version.html",
        {
            "version": version,
            "sections": selectors.version_document(version=version),
            "signatories": [
                line.strip() for line in version.signatories.splitlines() if line.strip()
            ],
        },
    )


def comparison_pdf(old, new) -> bytes:
    return _pdf(
        "agreements/pdf_compare.html",
        {"old": old, "new": new} | selectors.comparison(old=old, new=new),
    )
