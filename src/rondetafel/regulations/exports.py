"""The minimal framework as documents: PDF (WeasyPrint) and DOCX. Written in Dutch, the
language of the municipality's own documents; each rule cites its official article."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import selectors


def pdf(trajectory) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "regulations/framework_pdf.html",
            {
                "trajectory": trajectory,
                "framework": selectors.framework(trajectory),
                "today": timezone.localdate(),
            },
        )
    return HTML(string=html).write_pdf()


def docx(trajectory) -> bytes:
    from docx import Document

    with translation.override("nl"):
        framework = selectors.framework(trajectory)
        title = _("Minimal framework") + f": {trajectory.title}"
        document = Document()
        document.core_properties.title = title
        document.add_heading(title, level=0)
        for part in framework.parts:
            document.add_heading(part.heading, level=1)
            if part.intro:
                document.add_paragraph(part.intro)
            if not part.entries:
                document.add_paragraph(_("Nothing here yet."))
            for entry in part.entries:
                document.add_heading(entry.rule.title, level=2)
                if entry.rule.citation:
                    document.add_paragraph(
                        _("Source: %(citation)s") % {"citation": entry.rule.citation}
                    )
                if entry.decision is not None:
                    document.add_paragraph(
                        _("Role of the municipality: %(role)s")
                        % {"role": entry.decision.get_role_display()}
                    )
                    if entry.decision.conditions:
                        document.add_paragraph(
                            _("Conditions: %(c)s") % {"c": entry.decision.conditions}
                        )
                    document.add_paragraph(_("Reason: %(r)s") % {"r": entry.decision.reason})
                if entry.rule.needs_review:
                    document.add_paragraph(
                        _("The article changed in a newer version: to be reviewed.")
                    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
