"""Register import from CSV or XLSX: parse, map columns, validate every row, then import all
valid rows or none. Validation needs two queries whatever the file size (existing e-mails and
names, the parties), so a 10,000-row file is checked in well under a second."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.core.spreadsheet import UnsafeFile, xlsx_rows
from rondetafel.trajectories.constants import Side

from .constants import Attitude, Engagement, Kind

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# Target fields, with the column names (NL and EN) recognised when guessing the mapping.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": (gettext_lazy("Name"), ("name", "naam")),
    "kind": (gettext_lazy("Kind (organisation or person)"), ("kind", "type", "soort")),
    "organisation": (gettext_lazy("Organisation"), ("organisation", "organization", "organisatie")),
    "party": (gettext_lazy("Party"), ("party", "partij")),
    "side": (gettext_lazy("Side"), ("side", "kant", "zijde")),
    "role": (gettext_lazy("Role"), ("role", "rol", "functie")),
    "email": (gettext_lazy("E-mail address"), ("email", "e-mail", "e-mailadres", "mail")),
    "phone": (gettext_lazy("Phone"), ("phone", "telefoon", "tel")),
    "consent": (gettext_lazy("Consent"), ("consent", "toestemming")),
    "consent_on": (
        gettext_lazy("Consent given on"),
        ("consent_on", "consent date", "toestemming op", "datum toestemming"),
    ),
    "power": (gettext_lazy("Power (1-5)"), ("power", "macht", "invloed")),
    "interest": (gettext_lazy("Interest (1-5)"), ("interest", "belang", "interesse")),
    "legitimacy": (gettext_lazy("Legitimate claim"), ("legitimacy", "legitimiteit")),
    "urgency": (gettext_lazy("Urgent claim"), ("urgency", "urgentie")),
    "attitude": (gettext_lazy("Attitude now"), ("attitude", "houding")),
    "attitude_desired": (
        gettext_lazy("Desired attitude"),
        ("attitude_desired", "desired attitude", "gewenste houding"),
    ),
    "engagement": (
        gettext_lazy("Engagement level (IAP2)"),
        ("engagement", "betrokkenheid", "iap2"),
    ),
    "assessed_on": (
        gettext_lazy("Assessment date"),
        ("assessed_on", "assessment date", "datum beoordeling"),
    ),
}
ASSESSMENT_FIELDS = (
    "power",
    "interest",
    "legitimacy",
    "urgency",
    "attitude",
    "attitude_desired",
    "engagement",
    "assessed_on",
)

TRUE_WORDS = {"1", "true", "yes", "ja", "j", "y", "x", "waar"}
FALSE_WORDS = {"", "0", "false", "no", "nee", "n", "onwaar"}


class ImportFileError(ValueError):
    pass


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def parse_upload(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """(header, rows) as strings. CSV may be UTF-8 (with or without BOM) or Windows-1252, with
    a comma or a semicolon; XLSX is read from its first sheet."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    if filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header, body = [cell.strip() for cell in rows[0]], rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    width = len(header)
    return header, [(row + [""] * width)[:width] for row in body]


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # what Excel on Windows writes
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s") % {"error": exc}
        ) from exc


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        rows = xlsx_rows(content, MAX_ROWS + 1)  # the header, and one more to notice "too many"
    except UnsafeFile as exc:
        raise ImportFileError(_("This Excel file unpacks to far more than its size.")) from exc
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The Excel file could not be read.")) from exc
    if len(rows) > MAX_ROWS + 1:  # counted before empty rows go: the sheet declares them
        raise ImportFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return [[_cell(v) for v in row] for row in rows]


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """For each target field, the index of the column that looks like it (or None)."""
    normalised = [_norm(h) for h in header]
    mapping: dict[str, int | None] = {}
    for target, (label, aliases) in FIELDS.items():
        names = {_norm(a) for a in aliases} | {_norm(label)}
        mapping[target] = next((i for i, h in enumerate(normalised) if h in names), None)
    return mapping


# Words people type in a spreadsheet for a side, besides its code and full labels.
ALIASES = {
    "market": ("markt", "mkb", "sme", "smes", "bedrijven", "ondernemers"),
    "municipality": ("gem", "overheid"),
    "residents": ("bewoner", "resident"),
    "civil_society": ("maatschappelijk", "maatschappelijke organisatie", "ngo", "civil society"),
    "safety": ("politie", "veiligheid", "police"),
    "other": ("overig",),
    "organisation": ("organisatie", "org", "organization"),
    "person": ("persoon", "individu"),
}


@functools.cache
def _lookup(choices_class) -> dict[str, str]:
    """Codes, labels in Dutch and English, and common aliases, so a file may use any of them."""
    lookup = {}
    for code, _label in choices_class.choices:
        for alias in ALIASES.get(code, ()):
            lookup[_norm(alias)] = code
    for code, label in choices_class.choices:
        lookup[_norm(code)] = code
        for lang in ("nl", "en"):
            with translation.override(lang):
                lookup[_norm(str(label))] = code
    return lookup


def _choice(value: str, choices_class, what: str):
    lookup = _lookup(choices_class)
    key = _norm(value)
    if key not in lookup:
        raise ValueError(_("%(value)r is not a known %(what)s.") % {"value": value, "what": what})
    return lookup[key]


def _bool(value: str, what: str) -> bool:
    key = _norm(value)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise ValueError(_("%(value)r is not yes or no (%(what)s).") % {"value": value, "what": what})


def _date(value: str, what: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(
        _("%(value)r is not a date (%(what)s); use e.g. 2026-11-23.")
        % {"value": value, "what": what}
    )


def _score(value: str, what: str) -> int:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(
            _("%(what)s must be a whole number from 1 to 5, not %(value)r.")
            % {"what": what, "value": value}
        )
    return int(number)


@dataclass
class RowResult:
    number: int  # the row number as the spreadsheet shows it (header = 1)
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_rows(
    *,
    rows,
    mapping,
    parties: dict[str, object],
    existing_emails: set[str],
    existing_names: set[tuple[str, str]],
    today: date,
) -> list[RowResult]:
    results = []
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        result = RowResult(number=index + 2)
        raw = {
            target: (row[col].strip() if col is not None and col < len(row) else "")
            for target, col in mapping.items()
        }
        values = result.values
        errors = result.errors

        def attempt(target, parse, raw=raw, values=values, errors=errors):
            try:
                values[target] = parse(raw.get(target, ""))
            except ValueError as exc:
                errors.append(f"{FIELDS[target][0]}: {exc}")

        if not raw.get("name"):
            errors.append(_("Name is missing."))
        elif len(raw["name"]) > 200:
            errors.append(_("Name is longer than 200 characters."))
        values["name"] = raw.get("name", "")[:200]
        attempt("kind", lambda v: _choice(v, Kind, _("kind")) if v else Kind.ORGANISATION)
        values["organisation"] = raw.get("organisation", "")[:200]
        values["role"] = raw.get("role", "")[:200]
        values["phone"] = raw.get("phone", "")[:40]
        party_name = _norm(raw.get("party", ""))
        if party_name and party_name not in parties:
            errors.append(
                _("Party %(name)r is not a party of this trajectory.") % {"name": raw["party"]}
            )
        values["party"] = parties.get(party_name)
        if raw.get("side"):
            attempt("side", lambda v: _choice(v, Side, _("side")))
        elif values["party"] is not None:
            values["side"] = values["party"].side
        else:
            errors.append(_("Side is missing (give a side or a party)."))
        email = raw.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    _("%(value)r is not a valid e-mail address.") % {"value": raw["email"]}
                )
        values["email"] = email
        attempt("consent", lambda v: _bool(v, _("consent")))
        attempt("consent_on", lambda v: _date(v, _("consent date")))
        if values.get("consent") and not values.get("consent_on"):
            errors.append(_("Consent needs the date on which it was given."))

        if any(raw.get(f) for f in ASSESSMENT_FIELDS):
            attempt("power", lambda v: _score(v, _("Power")))
            attempt("interest", lambda v: _score(v, _("Interest")))
            attempt("legitimacy", lambda v: _bool(v, _("legitimacy")))
            attempt("urgency", lambda v: _bool(v, _("urgency")))
            attempt(
                "attitude", lambda v: _choice(v, Attitude, _("attitude")) if v else Attitude.NEUTRAL
            )
            attempt(
                "attitude_desired",
                lambda v: _choice(v, Attitude, _("attitude")) if v else Attitude.SUPPORTIVE,
            )
            attempt(
                "engagement",
                lambda v: _choice(v, Engagement, _("engagement level")) if v else Engagement.INFORM,
            )
            attempt("assessed_on", lambda v: _date(v, _("assessment date")) or today)
            values["has_assessment"] = True

        name_key = (_norm(values["name"]), values.get("kind", ""))
        if email and email in existing_emails:
            errors.append(
                _("A stakeholder with e-mail %(email)s is already in the register.")
                % {"email": email}
            )
        elif email and email in seen_emails:
            errors.append(_("Same e-mail address as row %(row)d.") % {"row": seen_emails[email]})
        elif not email and name_key in existing_names:
            errors.append(_("%(name)s is already in the register.") % {"name": values["name"]})
        elif not email and name_key in seen_names:
            errors.append(_("Same name as row %(row)d.") % {"row": seen_names[name_key]})
        if email:
            seen_emails.setdefault(email, result.number)
        seen_names.setdefault(name_key, result.number)
        results.append(result)
    return results
