"""Reading local regulation in the CVDR XML format (lokaleregelgeving.overheid.nl).

The parser is hardened: no DTD is loaded, no entity is expanded, nothing is fetched from the
network, text nodes stay under libxml2's normal limit, and a file that declares entities is
refused outright. Elements are matched on their local names, because some CVDR files carry
namespaces and some do not. Unknown elements inside an article keep their text and are reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from lxml import etree

MAX_BYTES = 20 * 1024 * 1024
MAX_ARTICLE_CHARS = 50_000

DIVISIONS = {"hoofdstuk", "titeldeel", "deel", "afdeling", "paragraaf", "subparagraaf",
             "sub-paragraaf", "boek", "titel"}  # fmt: skip
INLINE = {"vet", "cursief", "onderstreept", "extref", "intref", "sup", "inf", "nadruk", "br",
          "term", "definitie", "omschrijving", "redactie"}  # fmt: skip
ARTICLE_PARTS = {"kop", "label", "nr", "titel", "al", "lid", "lidnr", "lijst", "li", "li.nr",
                 "meta-data", "wijzig-lid"} | INLINE  # fmt: skip
# Wrappers between <regeling> and the articles that carry no text of their own.
WRAPPERS = {"regeling-tekst", "wijzig-artikel", "tekst", "body", "regeling"}
SKIPPED = {"aanhef", "regeling-sluiting", "considerans", "afkondiging", "ondertekening",
           "toelichting", "bijlage", "meta", "kop"}  # fmt: skip


class CvdrError(ValueError):
    """The file cannot be read as CVDR; the message says why, for the person who uploaded it."""


@dataclass
class Member:
    number: str  # "1", "2", or "" for an article without numbered members
    text: str


@dataclass
class ArticleData:
    number: str
    heading: str
    path: list[str]  # the divisions it sits in: ["Hoofdstuk 2 Openbare orde", ...]
    members: list[Member]

    @property
    def text(self) -> str:
        return "\n".join(f"{m.number}. {m.text}" if m.number else m.text for m in self.members)


@dataclass
class RegulationData:
    identifier: str
    version: str
    municipality: str
    title: str
    citation_title: str
    in_force: date | None
    articles: list[ArticleData] = field(default_factory=list)
    unknown: Counter = field(default_factory=Counter)  # element name -> times seen


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions, entity references
        return ""
    return etree.QName(tag).localname.lower()


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(content: bytes) -> RegulationData:
    if len(content) > MAX_BYTES:
        raise CvdrError(_("The file is larger than 20 MB."))
    if b"<!DOCTYPE" in content and b"<!ENTITY" in content:
        # Refused before parsing: external entities and expansion bombs never reach libxml2.
        raise CvdrError(
            _("The file declares entities; rondetafel does not read those, for safety.")
        )
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        detail = str(exc)
        if "huge" in detail.lower():
            raise CvdrError(
                _("The file holds a text that is too long to be a regulation.")
            ) from exc
        raise CvdrError(
            _("This is not well-formed XML (line %(line)s): it cannot be read.")
            % {"line": getattr(exc, "lineno", "?")}
        ) from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or "<!ENTITY" in etree.tostring(dtd).decode()):
        raise CvdrError(
            _("The file declares entities; rondetafel does not read those, for safety.")
        )
    if _local(root) != "cvdr":
        raise CvdrError(
            _("This is XML, but not a CVDR regulation (it starts with <%(tag)s>, not <cvdr>).")
            % {"tag": _local(root) or "?"}
        )
    data = _metadata(root)
    regeling = _first(root, "regeling")
    if regeling is None:
        raise CvdrError(_("The file has no <regeling>: there is no regulation text in it."))
    _walk(regeling, [], data)
    if not data.articles:
        raise CvdrError(_("The regulation in this file has no articles."))
    numbers = Counter(a.number for a in data.articles)
    twice = sorted(n for n, k in numbers.items() if k > 1 and n)
    if twice:
        raise CvdrError(
            _("Article numbers occur twice: %(numbers)s.") % {"numbers": ", ".join(twice[:5])}
        )
    return data


def _first(root, name: str):
    for element in root.iter():
        if _local(element) == name:
            return element
    return None


def _meta_text(meta, *names: str) -> str:
    if meta is None:
        return ""
    for element in meta.iter():
        if _local(element) in names:
            text = _clean("".join(element.itertext()))
            if text:
                return text
    return ""


IDENTIFIER = re.compile(r"^(CVDR\d+)(?:[_/](\d+))?$", re.IGNORECASE)


def _metadata(root) -> RegulationData:
    meta = _first(root, "meta")
    raw_id = _meta_text(meta, "identifier")
    match = IDENTIFIER.match(raw_id.replace(" ", ""))
    identifier = match.group(1).upper() if match else raw_id
    version = (match.group(2) if match else "") or _meta_text(meta, "versie", "version") or "1"
    title = _meta_text(meta, "title", "officiele-titel")
    if not identifier or not title:
        raise CvdrError(
            _("The file's metadata lacks the identifier or the title; is this a CVDR file?")
        )
    in_force = None
    text = _meta_text(meta, "inwerkingtredingdatum", "inwerkingtreding")
    if text:
        try:
            in_force = date.fromisoformat(text[:10])
        except ValueError as exc:
            raise CvdrError(
                _("The date it came into force (%(text)s) is not a date.") % {"text": text[:20]}
            ) from exc
    return RegulationData(
        identifier=identifier[:40],
        version=version[:20],
        municipality=_meta_text(meta, "creator")[:200],
        title=title[:500],
        citation_title=_meta_text(meta, "alternative", "citeertitel")[:300],
        in_force=in_force,
    )


def _kop(element) -> tuple[str, str, str]:
    kop = next((c for c in element if _local(c) == "kop"), None)
    if kop is None:
        return "", "", ""
    parts = {_local(c): _clean("".join(c.itertext())) for c in kop if _local(c)}
    return parts.get("label", ""), parts.get("nr", ""), parts.get("titel", "")


def _walk(element, path: list[str], data: RegulationData) -> None:
    for child in element:
        name = _local(child)
        if not name or name in SKIPPED:
            continue
        if name == "artikel":
            data.articles.append(_article(child, path, data))
        elif name in DIVISIONS:
            label, nr, title = _kop(child)
            _walk(child, [*path, _clean(f"{label or name.capitalize()} {nr} {title}")], data)
        elif name in WRAPPERS:
            _walk(child, path, data)
        else:
            data.unknown[name] += 1
            _walk(child, path, data)  # articles may sit inside it


def _article(element, path: list[str], data: RegulationData) -> ArticleData:
    _label, number, heading = _kop(element)
    members: list[Member] = []
    loose: list[str] = []
    for child in element:
        name = _local(child)
        if name in ("kop", "") or name == "meta-data":
            continue
        if name == "lid":
            nr = next((_clean(c.text or "") for c in child if _local(c) == "lidnr"), "")
            body = [_block(c, data) for c in child if _local(c) not in ("lidnr", "")]
            members.append(Member(nr.rstrip("."), "\n".join(t for t in body if t)))
        else:
            loose.append(_block(child, data))
    if loose:
        members.insert(0, Member("", "\n".join(t for t in loose if t)))
    article = ArticleData(number=number, heading=heading, path=list(path), members=members)
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise CvdrError(
            _("Article %(number)s is longer than %(max)d characters.")
            % {"number": number or "?", "max": MAX_ARTICLE_CHARS}
        )
    return article


def _block(element, data: RegulationData, depth: int = 0) -> str:
    """A paragraph or a list as plain text: list items on their own lines, "a. ..."."""
    name = _local(element)
    if name not in ARTICLE_PARTS:
        data.unknown[name] += 1
    if name == "lijst":
        lines = []
        for li in element:
            if _local(li) != "li":
                lines.append(_block(li, data, depth))
                continue
            nr = li.get("nr") or next(
                (_clean(c.text or "") for c in li if _local(c) == "li.nr"), ""
            )
            inner = [_block(c, data, depth + 1) for c in li if _local(c) not in ("li.nr", "")]
            if not inner and li.text:
                inner = [_clean(li.text)]
            lines.append(("  " * depth) + _clean(f"{nr} {' '.join(inner[:1])}"))
            lines.extend(inner[1:])
        return "\n".join(line for line in lines if line.strip())
    if any(_local(c) == "lijst" for c in element):
        parts = []
        text = _clean(element.text or "")
        for c in element:
            parts_text = _block(c, data, depth) if _local(c) == "lijst" else _inline(c, data)
            if _local(c) == "lijst":
                if text:
                    parts.append(text)
                parts.append(parts_text)
                text = _clean(c.tail or "")
            else:
                text = _clean(f"{text} {parts_text} {c.tail or ''}")
        if text:
            parts.append(text)
        return "\n".join(parts)
    return _inline(element, data)


def _inline(element, data: RegulationData) -> str:
    for inner in element.iterdescendants():
        name = _local(inner)
        if name and name not in ARTICLE_PARTS:
            data.unknown[name] += 1
    return _clean("".join(element.itertext()))
