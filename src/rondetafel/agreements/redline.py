"""Word-level redlines, per article (stack-findings.md section 3): tokens are words with their
trailing white space, every token is HTML-escaped, changes are wrapped in <ins> and <del>.
Diffing per article keeps difflib fast; a whole long text would be slow or degenerate."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

# Numbers (200.000, 3,5) stay whole; words and punctuation are separate tokens, so that
# "kennis." -> "kennis en ervaring." shows only the inserted words.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*\s*|\w+\s*|[^\w\s]+\s*|\s+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def redline_html(old: str, new: str) -> str:
    a, b = tokens(old), tokens(new)
    # Compare words without their trailing white space, so re-wrapping is not a change.
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False
    )
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        trailing = added[len(added.rstrip()) :] if added else removed[len(removed.rstrip()) :]
        if removed:
            out.append(f"<del>{escape(removed.rstrip())}</del>")
        if removed and added:
            out.append(" ")
        if added:
            out.append(f"<ins>{escape(added.rstrip())}</ins>")
        out.append(trailing)
    return "".join(out).rstrip()


def change_counts(old: str, new: str) -> tuple[int, int]:
    """(words removed, words added)."""
    a, b = [t.strip() for t in tokens(old)], [t.strip() for t in tokens(new)]
    removed = added = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += i2 - i1
        if op in ("insert", "replace"):
            added += j2 - j1
    return removed, added


@dataclass
class ArticleChange:
    lineage: object
    label: str
    status: str  # "added", "removed", "changed", "unchanged"
    old: str
    new: str
    html: str
    removed_words: int = 0
    added_words: int = 0


def compare(old_articles, new_articles) -> list[ArticleChange]:
    """Articles matched by lineage, in the order of the new version; removed ones where they
    stood. ``*_articles``: iterables of objects with lineage, number, heading, text."""
    old_by = {a.lineage: a for a in old_articles}
    new_list = list(new_articles)
    new_ids = {a.lineage for a in new_list}
    changes: list[ArticleChange] = []

    def label(a):
        return " ".join(p for p in (a.number, a.heading) if p)

    removed = [a for a in old_by.values() if a.lineage not in new_ids]
    for a in new_list:
        old = old_by.get(a.lineage)
        if old is None:
            changes.append(
                ArticleChange(
                    a.lineage,
                    label(a),
                    "added",
                    "",
                    a.text,
                    f"<ins>{escape(a.text)}</ins>",
                    0,
                    len(tokens(a.text)),
                )
            )
        elif old.text == a.text:
            changes.append(
                ArticleChange(a.lineage, label(a), "unchanged", old.text, a.text, escape(a.text))
            )
        else:
            r, ad = change_counts(old.text, a.text)
            changes.append(
                ArticleChange(
                    a.lineage,
                    label(a),
                    "changed",
                    old.text,
                    a.text,
                    redline_html(old.text, a.text),
                    r,
                    ad,
                )
            )
    for a in removed:
        changes.append(
            ArticleChange(
                a.lineage,
                label(a),
                "removed",
                a.text,
                "",
                f"<del>{escape(a.text)}</del>",
                len(tokens(a.text)),
                0,
            )
        )
    return changes
