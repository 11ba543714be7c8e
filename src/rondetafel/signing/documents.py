"""The PDFs of a ceremony, rendered with WeasyPrint: the document to sign, each signature's stamp,
and the completion certificate."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone, translation

from rondetafel.agreements import selectors as agreement_selectors

from .pades import FieldBox

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF counts points (1/72 in)
# The signature field, and so the stamp page, is this size (CSS pixels; 78 mm by 26 mm).
STAMP_WIDTH_PX, STAMP_HEIGHT_PX = 295, 98


def _render(template: str, context: dict):
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(template, context)
    return HTML(string=html).render()


def _field_boxes(document, count: int) -> list[FieldBox]:
    """Find the placeholders `sig-0`… in the laid-out document and turn them into PDF boxes."""
    wanted = {f"sig-{i}": i for i in range(count)}
    found: dict[int, FieldBox] = {}
    for page_index, page in enumerate(document.pages):
        for box in page._page_box.descendants():  # WeasyPrint's laid-out boxes, with positions
            element_id = box.element.get("id") if box.element is not None else None
            if element_id in wanted and wanted[element_id] not in found:
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                top = page.height - y
                found[wanted[element_id]] = FieldBox(
                    name=f"Sig{wanted[element_id] + 1}",
                    page=page_index,
                    box=(
                        round(x * PX_TO_PT),
                        round((top - height) * PX_TO_PT),
                        round((x + width) * PX_TO_PT),
                        round(top * PX_TO_PT),
                    ),
                )
    if len(found) != count:
        raise RuntimeError("Not every signature placeholder was laid out.")
    return [found[i] for i in range(count)]


def document_to_sign(version, signatories) -> tuple[bytes, list[FieldBox]]:
    document = _render(
        "signing/pdf_document.html",
        {
            "version": version,
            "sections": agreement_selectors.version_document(version=version),
            "signatories": signatories,
        },
    )
    return document.write_pdf(), _field_boxes(document, len(signatories))


def stamp(signatory, signed_at) -> bytes:
    drawing = (
        "data:image/png;base64," + base64.b64encode(bytes(signatory.drawing)).decode()
        if signatory.drawing
        else ""
    )
    return _render(
        "signing/pdf_stamp.html",
        {
            "signatory": signatory,
            "signed_at": timezone.localtime(signed_at),
            "drawing": drawing,
            "width": STAMP_WIDTH_PX,
            "height": STAMP_HEIGHT_PX,
        },
    ).write_pdf()


def completion_certificate(ceremony, signatories) -> bytes:
    return _render(
        "signing/pdf_certificate.html",
        {"ceremony": ceremony, "version": ceremony.version, "signatories": signatories},
    ).write_pdf()
