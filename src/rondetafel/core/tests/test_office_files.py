"""Office files that cost far more to read than their size: a sheet that declares a cell at
XFD1048576 and a zip whose parts unpack a thousandfold. Each importer refuses them with its own
message, before a library reads them whole."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from rondetafel.core.spreadsheet import UnsafeFile, check_unpacked_size, xlsx_rows

pytestmark = pytest.mark.django_db


def _far_cell_xlsx(header: list[str]) -> bytes:
    """A small workbook with a header and one cell in the sheet's very last corner."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    book.active["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bomb(name: str, megabytes: int = 110) -> bytes:
    """A zip of about 100 KB whose one part unpacks to `megabytes` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def test_a_sheet_read_stops_after_the_rows_asked_for_and_64_columns():
    content = _far_cell_xlsx(["naam", "kant"])
    assert len(content) < 10_000
    rows = xlsx_rows(content, max_rows=100)
    assert len(rows) == 102 and all(len(row) == 64 for row in rows)
    assert rows[0][:2] == ["naam", "kant"]


def test_a_zip_that_unpacks_a_thousandfold_is_refused_before_it_is_read():
    content = _bomb("word/document.xml")
    assert len(content) < 1_000_000
    with pytest.raises(UnsafeFile):
        check_unpacked_size(content)
    check_unpacked_size(b"not a zip at all")  # left to the library, which refuses it itself


def test_the_register_import_refuses_a_sheet_of_a_million_declared_rows(world):
    from rondetafel.stakeholders.importing import ImportFileError, parse_upload

    with pytest.raises(ImportFileError) as caught:
        parse_upload("register.xlsx", _far_cell_xlsx(["naam", "kant"]))
    assert "20000" in str(caught.value) or "20.000" in str(caught.value)


def test_the_agreement_import_refuses_a_word_zip_bomb(world):
    from rondetafel.agreements import services

    with pytest.raises(ValidationError) as caught:
        services.import_draft_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            filename="bom.docx",
            content=_bomb("word/document.xml"),
        )
    assert "unpacks to far more" in str(caught.value) or "uitgepakt" in str(caught.value)


def test_the_rules_import_refuses_a_sheet_of_a_million_declared_rows(world):
    from rondetafel.regulations import importing

    with pytest.raises(ValidationError) as caught:
        importing.import_sheet(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            filename="apv.xlsx",
            content=_far_cell_xlsx(["artikel", "titel", "tekst"]),
            title="APV",
            identifier="",
            version="1",
        )
    assert "5,000" in str(caught.value) or "5.000" in str(caught.value)
