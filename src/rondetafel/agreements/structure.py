"""Reading an agreement's structure from Markdown or Word, and writing it back as Markdown.

Markdown is the correctable form: a Word file is first turned into Markdown (headings and
numbering become ``##`` sections and ``###`` or ``1.`` articles), the facilitator corrects that
text in the preview, and only then is it saved as sections and articles.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

NUMBERED = re.compile(r"^\s*(?:artikel\s+)?(\d+(?:\.\d+)*)[.)]?\s+(.*)$", re.IGNORECASE)
ARTICLE_HEADING = re.compile(r"^(?:artikel|article)\s+(\d+(?:\.\d+)*)[.:]?\s*(.*)$", re.IGNORECASE)
SECTION_KINDS = (
    (
        "recitals",
        ("overweging", "constater", "geconstateerd", "recital", "considerans", "partijen"),
    ),
    ("ambition", ("ambitie", "ambition", "doel")),
    ("agreements", ("afspraken", "agreements", "artikelen", "bepalingen")),
    ("annex", ("bijlage", "annex", "appendix")),
)


class StructureError(ValueError):
    pass


class UnpacksTooLarge(StructureError):
    """A Word file whose parts unpack to far more than its size (a zip bomb)."""


@dataclass
class ParsedArticle:
    number: str = ""
    heading: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class ParsedSection:
    heading: str
    kind: str = "other"
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedAgreement:
    title: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    warning: str = ""

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) for s in self.sections)


def guess_kind(heading: str) -> str:
    lowered = heading.casefold()
    for kind, words in SECTION_KINDS:
        if any(word in lowered for word in words):
            return kind
    return "other"


def parse_markdown(text: str, *, no_structure_warning: str = "") -> ParsedAgreement:
    result = ParsedAgreement()
    section: ParsedSection | None = None
    article: ParsedArticle | None = None
    article_from_heading = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("# ") and not result.title:
            result.title = line[2:].strip()
            continue
        if line.startswith("## "):
            heading = line[3:].strip()
            section = ParsedSection(heading=heading, kind=guess_kind(heading))
            result.sections.append(section)
            article, article_from_heading = None, False
            continue
        if section is None:
            section = ParsedSection(heading="", kind="other")
            result.sections.append(section)
        if line.startswith("### "):
            heading = line[4:].strip()
            match = ARTICLE_HEADING.match(heading) or NUMBERED.match(heading)
            number, heading = (match.group(1), match.group(2).strip()) if match else ("", heading)
            article = ParsedArticle(number=number, heading=heading)
            section.articles.append(article)
            article_from_heading = True
            continue
        match = NUMBERED.match(line)
        if match and not article_from_heading:
            article = ParsedArticle(number=match.group(1), lines=[match.group(2).strip()])
            section.articles.append(article)
            continue
        if article is None:
            article = ParsedArticle()
            section.articles.append(article)
        article.lines.append(line.strip())
    result.sections = [s for s in result.sections if s.articles or s.heading]
    structured = any(s.heading for s in result.sections) or any(
        a.number or a.heading for s in result.sections for a in s.articles
    )
    if not structured:
        # Nothing recognisable: keep all the text as one article in one section, and say so.
        body = [line for s in result.sections for a in s.articles for line in a.lines]
        result.sections = [
            ParsedSection(heading="", articles=[ParsedArticle(lines=body)] if body else [])
        ]
        result.warning = no_structure_warning or "no structure"
    if not result.article_count:
        raise StructureError("empty")
    return result


def to_markdown(title: str, sections) -> str:
    """``sections``: iterable of (heading, [(number, heading, text), ...])."""
    lines = [f"# {title}", ""]
    for heading, articles in sections:
        lines += [f"## {heading}", ""]
        for number, article_heading, text in articles:
            label = " ".join(
                part for part in (f"Artikel {number}" if number else "", article_heading) if part
            )
            lines += [f"### {label}" if label else "###", text, ""]
    return "\n".join(lines).strip() + "\n"


def docx_to_markdown(content: bytes) -> str:
    """Word headings become sections and articles; numbered paragraphs become articles."""
    from docx import Document

    from rondetafel.core.spreadsheet import UnsafeFile, check_unpacked_size

    try:
        check_unpacked_size(content)
    except UnsafeFile as exc:
        raise UnpacksTooLarge("too large unpacked") from exc
    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a broken or encrypted file
        raise StructureError("unreadable") from exc
    lines: list[str] = []
    counter = 0
    title_done = False
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").casefold()
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if style in ("title", "titel") or (
            not title_done and style in ("heading 1", "kop 1") and not lines
        ):
            lines += [f"# {text}", ""]
            title_done = True
        elif style in ("heading 1", "kop 1"):
            lines += ["", f"## {text}", ""]
            counter = 0
        elif style.startswith(("heading", "kop")) or ARTICLE_HEADING.match(text):
            lines += ["", f"### {text}"]
        elif numbered or style.startswith(("list number", "lijstnummering")):
            counter += 1
            lines.append(f"{counter}. {text}")
        else:
            lines.append(text)
    if not lines:
        raise StructureError("empty")
    return "\n".join(lines) + "\n"
