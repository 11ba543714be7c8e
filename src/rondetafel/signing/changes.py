"""The difference analysis of `verifier`: what each revision after a signature changed.

pyHanko's policy compares every form field of the signed revision with every later revision,
which costs O(n^2) in the number of signatures. Here each revision is looked at once, through
the objects it overwrites (new objects change nothing until an old object points at them). What
a PAdES signing flow writes is allowed, with pyHanko's levels:

- a signature into an empty signature field, with a new appearance: FORM_FILLING
  (LTA_UPDATES when it is a document timestamp);
- new signature fields appended to the form's /Fields and a page's /Annots: likewise;
- the catalog rewritten with only /DSS (LTA_UPDATES), /Extensions or /Version changed;
- the XMP metadata stream rewritten as well-formed XML, and the /Info dictionary: NONE;
- the document security store rewritten: LTA_UPDATES.

Anything else that overwrites or frees an old object is OTHER. So is a new catalog, encryption
added afterwards, or a new generation of an old object number.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError  # nosec B405 - the exception only; defusedxml parses

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from pyhanko.pdf_utils import generic
from pyhanko.sign.diff_analysis import ModificationLevel

from .pdf_objects import Objects, Stream

NONE, LTA, FORM, OTHER = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
    ModificationLevel.OTHER,
)


class OutOfTime(Exception):
    pass


@dataclass
class _Revision:
    objects: Objects
    number: int
    fresh: set[int]  # object numbers first written in this revision
    timestamps: set[int]  # signature dictionaries that are document timestamps

    def new(self, ref: generic.Reference):
        return self.objects.load(ref, self.number)


def levels_after(
    objects: Objects, first_signed: int, timestamps: set[int], deadline: float
) -> list[ModificationLevel]:
    """For each revision, the highest level of change in any revision after it."""
    per_revision = [NONE] * objects.revisions
    trailers = {}
    for number in range(first_signed + 1, objects.revisions):
        if time.monotonic() > deadline:
            raise OutOfTime
        for wanted in (number - 1, number):
            if wanted not in trailers:
                trailers[wanted] = objects.trailer(wanted)
        trailers.pop(number - 2, None)
        per_revision[number] = _level(
            objects, number, trailers[number - 1], trailers[number], timestamps
        )
    after, highest = [NONE] * objects.revisions, NONE
    for number in range(objects.revisions - 1, -1, -1):
        after[number] = highest
        highest = max(highest, per_revision[number])
    return after


def _level(
    objects: Objects, number: int, trailer_old, trailer_new, timestamps
) -> ModificationLevel:
    written = objects.written_in[number]
    if objects.freed_in[number] or any(ref.generation for ref in written):
        return OTHER
    root = trailer_old.get("/Root")
    if not isinstance(root, generic.Reference) or trailer_new.get("/Root") != root:
        return OTHER
    if "/Encrypt" in trailer_new and trailer_new["/Encrypt"] != trailer_old.get("/Encrypt"):
        return OTHER
    revision = _Revision(
        objects,
        number,
        {ref.idnum for ref in written if objects.first_written(ref.idnum) == number},
        timestamps,
    )
    catalog = objects.load(root, number - 1)
    if not isinstance(catalog, dict):
        return OTHER
    roles = {root.idnum: "catalog"}
    for key, role in (("/AcroForm", "form"), ("/Metadata", "metadata"), ("/DSS", "dss")):
        if isinstance(catalog.get(key), generic.Reference):
            roles[catalog[key].idnum] = role
    if isinstance(trailer_old.get("/Info"), generic.Reference):
        roles[trailer_old["/Info"].idnum] = "info"
    level = NONE
    for ref in written:
        if ref.idnum in revision.fresh:
            continue
        level = max(level, _overwrite(revision, ref, roles.get(ref.idnum)))
        if level == OTHER:
            break
    return level


def _overwrite(revision: _Revision, ref: generic.Reference, role: str | None) -> ModificationLevel:
    new = revision.new(ref)
    if role == "metadata":
        return _metadata(revision, ref, new)
    if role == "dss":
        return LTA if isinstance(new, dict) else OTHER
    if role == "info":
        return NONE if isinstance(new, dict) else OTHER
    old = revision.objects.load(ref, revision.number - 1)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return OTHER
    if role == "catalog":
        return _catalog(old, new)
    if role == "form":
        return _form(old, new, revision)
    if old.get("/Type") == "/Page":
        return _page(old, new, revision)
    if old.get("/FT") == "/Sig":
        return _field(old, new, revision)
    return OTHER


def _changed(old: dict, new: dict) -> set[str]:
    return {
        key for key in old.keys() | new.keys() if old.get(key, _MISSING) != new.get(key, _MISSING)
    }


_MISSING = object()


def _catalog(old: dict, new: dict) -> ModificationLevel:
    level = NONE
    for key in _changed(old, new):
        if key == "/DSS":
            level = max(level, LTA)
        elif key == "/AcroForm" and "/AcroForm" not in old:
            level = max(level, FORM)
        elif key not in ("/Extensions", "/Version"):
            return OTHER
    return level


def _form(old: dict, new: dict, revision: _Revision) -> ModificationLevel:
    level = NONE
    for key in _changed(old, new):
        if key == "/SigFlags":
            continue
        if key != "/Fields":
            return OTHER
        level = max(level, _appended(old.get("/Fields"), new.get("/Fields"), revision))
    return level


def _page(old: dict, new: dict, revision: _Revision) -> ModificationLevel:
    if _changed(old, new) != {"/Annots"}:
        return OTHER
    return _appended(old.get("/Annots", []), new.get("/Annots"), revision)


def _appended(before, after, revision: _Revision) -> ModificationLevel:
    """An array that only grew, by new signature fields."""
    if (
        not isinstance(before, list)
        or not isinstance(after, list)
        or after[: len(before)] != before
    ):
        return OTHER
    level = NONE
    for ref in after[len(before) :]:
        if not isinstance(ref, generic.Reference) or ref.idnum not in revision.fresh:
            return OTHER
        added = revision.new(ref)
        if not isinstance(added, dict) or added.get("/FT") != "/Sig":
            return OTHER
        value = added.get("/V")
        level = max(level, LTA if _idnum(value) in revision.timestamps else FORM)
    return level


def _field(old: dict, new: dict, revision: _Revision) -> ModificationLevel:
    """An empty signature field receives its signature and the signature's appearance."""
    if "/V" in old or not _changed(old, new) <= {"/V", "/AP", "/AS"}:
        return OTHER
    value = _idnum(new.get("/V"))
    if value not in revision.fresh:
        return OTHER
    if "/AP" in new and not _fresh_appearance(new["/AP"], revision):
        return OTHER
    return LTA if value in revision.timestamps else FORM


def _fresh_appearance(appearance, revision: _Revision) -> bool:
    """Every appearance stream is new in this revision: signing cannot repaint an old object."""
    if isinstance(appearance, generic.Reference):
        if appearance.idnum not in revision.fresh:
            return False
        appearance = revision.new(appearance)
    if not isinstance(appearance, dict):
        return False
    for value in appearance.values():
        states = list(value.values()) if isinstance(value, dict) else [value]
        if not all(_idnum(state) in revision.fresh for state in states):
            return False
    return True


def _metadata(revision: _Revision, ref: generic.Reference, new) -> ModificationLevel:
    if not isinstance(new, Stream) or new.dictionary.get("/Subtype") != "/XML":
        return OTHER
    try:
        data = revision.objects.stream_data(ref, revision.number)
    except ValueError:
        return OTHER
    return NONE if metadata_is_plain_xml(data) else OTHER


def metadata_is_plain_xml(data: bytes) -> bool:
    """A metadata update is harmless when it is well-formed XML without a DTD: it comes from
    whoever made the file, so entities (and their expansion bombs) are refused, not parsed."""
    try:
        parse_xml(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException):
        return False
    return True


def _idnum(value) -> int | None:
    return value.idnum if isinstance(value, generic.Reference) else None
