"""Helpers for files people open in, or send from, a spreadsheet or a word processor."""

from __future__ import annotations

import io
import zipfile

# An office file is a zip: its parts are read whole, so what it unpacks to is what it costs.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 64


class UnsafeFile(ValueError):
    """The file would cost far more to read than its size says (a zip bomb, a sheet that
    declares a million rows); the message says which."""


def safe_cell(value):
    """Neutralise spreadsheet formulas in exported text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def check_unpacked_size(content: bytes, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse an office file (XLSX, DOCX) whose parts unpack to more than `limit` bytes, before
    a library reads any part whole. A file that is not a zip is left to the library."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return
    with archive:
        if sum(info.file_size for info in archive.infolist()) > limit:
            raise UnsafeFile("unpacks too large")


def xlsx_rows(content: bytes, max_rows: int) -> list[list]:
    """The first sheet's rows (values), at most `max_rows` + 1 of them and `MAX_COLUMNS` wide.
    openpyxl pads the gaps up to the last row a file declares, so a sheet with one cell at
    XFD1048576 would otherwise be read as a million rows of 16,384 cells. Raises UnsafeFile
    (too large), or whatever openpyxl raises for a damaged file."""
    from openpyxl import load_workbook

    check_unpacked_size(content)
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(list(row))
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        workbook.close()
