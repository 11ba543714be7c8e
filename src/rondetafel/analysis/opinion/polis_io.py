"""Reading and writing Pol.is's open-data export (comments.csv, votes.csv,
participants-votes.csv, summary.csv) and its math fixtures (votes.json, comments.json).

Older exports ship no votes.csv: their votes are read from participants-votes.csv, the wide
matrix (one row per participant, one column per comment, 1 agree, -1 disagree, 0 pass, empty
for no vote). It has no timestamps: a participant's row order stands in for when they came.

Readers never raise on a bad row: they keep the good rows and return each bad one as a Problem
(file, line, code, value), which the caller reports in the user's language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .matrix import VoteMatrix, build

COMMENT_COLUMNS = {"comment-id", "moderated", "comment-body"}
VOTE_COLUMNS = {"comment-id", "voter-id", "vote"}
WIDE_VOTES = {"", "1", "-1", "0", "1.0", "-1.0", "0.0"}  # a cell of participants-votes.csv


class ExportError(ValueError):
    """The export cannot be read at all (a file or a required column is missing)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    code: str  # "bad-number", "bad-vote", "unknown-comment", "bad-moderation", "ragged-row"
    value: str = ""


@dataclass(frozen=True)
class Comment:
    id: int
    author: int | None
    text: str
    moderated: int  # 1 accepted, 0 unmoderated, -1 moderated out
    is_meta: bool = False
    created: int = 0


@dataclass
class Export:
    topic: str = ""
    comments: list[Comment] = field(default_factory=list)
    voters: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    statements: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    votes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    times: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    group_id: dict[int, int] = field(default_factory=dict)  # Pol.is's own groups, when exported
    gac: dict[int, float] = field(default_factory=dict)  # Pol.is's group-informed consensus
    problems: list[Problem] = field(default_factory=list)

    def matrix(self) -> VoteMatrix:
        return build(
            self.voters,
            self.statements,
            self.votes,
            self.times,
            moderated_out=[c.id for c in self.comments if c.moderated == -1],
            meta=[c.id for c in self.comments if c.is_meta],
        )


def _int(text: str) -> int:
    return int(float(text)) if "." in text or "e" in text.lower() else int(text)


def _rows(text: str, name: str, required: set[str]) -> Iterable[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = required - set(reader.fieldnames or ())
    if missing:
        raise ExportError("missing-columns", f"{name}: {', '.join(sorted(missing))}")
    yield from enumerate(reader, start=2)


def read_texts(
    comments_csv: str,
    votes_csv: str | None,
    participants_votes_csv: str | None = None,
    summary_csv: str | None = None,
) -> Export:
    """votes.csv when there is one, else the votes in participants-votes.csv."""
    if not votes_csv and not participants_votes_csv:
        raise ExportError("missing-file", "votes.csv")
    export = Export()
    seen_comments: set[int] = set()
    for line, row in _rows(comments_csv, "comments.csv", COMMENT_COLUMNS):
        try:
            cid = _int(row["comment-id"])
            moderated = _int(row.get("moderated") or "0")
            author = row.get("author-id")
            created = row.get("timestamp") or "0"
            comment = Comment(
                id=cid,
                author=_int(author) if author not in (None, "") else None,
                text=(row.get("comment-body") or "").strip(),
                moderated=moderated,
                is_meta=(row.get("is-meta") or "").strip().lower() == "true",
                created=_int(created),
            )
        except (TypeError, ValueError):
            export.problems.append(Problem("comments.csv", line, "bad-number", row["comment-id"]))
            continue
        if moderated not in (-1, 0, 1):
            export.problems.append(Problem("comments.csv", line, "bad-moderation", str(moderated)))
            continue
        if cid in seen_comments:
            export.problems.append(Problem("comments.csv", line, "duplicate-comment", str(cid)))
            continue
        seen_comments.add(cid)
        export.comments.append(comment)
        gic = row.get("group-informed-consensus")
        if gic not in (None, ""):
            export.gac[cid] = float(gic)
    export.comments.sort(key=lambda c: c.id)

    voters: list[int] = []
    statements: list[int] = []
    votes: list[int] = []
    times: list[int] = []
    if not votes_csv:
        _wide_votes(
            participants_votes_csv or "",  # one of the two is given: checked above
            seen_comments,
            export,
            (voters, statements, votes, times),
        )
    for line, row in _rows(votes_csv or "comment-id,voter-id,vote\n", "votes.csv", VOTE_COLUMNS):
        try:
            cid, voter, vote = _int(row["comment-id"]), _int(row["voter-id"]), _int(row["vote"])
            when = _int(row.get("timestamp") or str(line))
        except (TypeError, ValueError):
            export.problems.append(Problem("votes.csv", line, "bad-number", ""))
            continue
        if vote not in (-1, 0, 1):
            export.problems.append(Problem("votes.csv", line, "bad-vote", str(vote)))
            continue
        if cid not in seen_comments:
            export.problems.append(Problem("votes.csv", line, "unknown-comment", str(cid)))
            continue
        voters.append(voter)
        statements.append(cid)
        votes.append(vote)
        times.append(when)
    export.voters = np.array(voters, dtype=np.int64)
    export.statements = np.array(statements, dtype=np.int64)
    export.votes = np.array(votes, dtype=np.int8)
    export.times = np.array(times, dtype=np.int64)

    if participants_votes_csv:
        reader = csv.reader(io.StringIO(participants_votes_csv.lstrip("\ufeff")))
        header = next(reader, [])
        if "participant" in header and "group-id" in header:
            p, g = header.index("participant"), header.index("group-id")
            for line, cells in enumerate(reader, start=2):
                if len(cells) > max(p, g) and cells[g] != "":
                    try:
                        export.group_id[_int(cells[p])] = _int(cells[g])
                    except ValueError:
                        if votes_csv:  # without it, the votes' reading reported this line
                            export.problems.append(
                                Problem("participants-votes.csv", line, "bad-number", cells[p])
                            )
    if summary_csv:
        for cells in csv.reader(io.StringIO(summary_csv)):
            if len(cells) >= 2 and cells[0] == "topic":
                export.topic = cells[1]
    return export


def _wide_votes(
    text: str,
    known: set[int],
    export: Export,
    into: tuple[list[int], list[int], list[int], list[int]],
) -> None:
    """The votes of participants-votes.csv. A row with a bad cell is left out whole, as is a
    row with more or fewer cells than the header; each is reported by its line."""
    voters, statements, votes, times = into
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    if "participant" not in header:
        raise ExportError("missing-columns", "participants-votes.csv: participant")
    person = header.index("participant")
    columns = []
    for index, name in enumerate(header):
        try:
            cid = int(name)
        except ValueError:
            continue  # participant, group-id, n-votes, ...
        if cid in known:
            columns.append((index, cid))
        else:
            export.problems.append(Problem("participants-votes.csv", 1, "unknown-comment", name))
    for line, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            export.problems.append(
                Problem("participants-votes.csv", line, "ragged-row", f"{len(cells)}/{len(header)}")
            )
            continue
        try:
            voter = _int(cells[person])
        except ValueError:
            export.problems.append(
                Problem("participants-votes.csv", line, "bad-number", cells[person])
            )
            continue
        bad = next(
            (c.strip() for c in (cells[i] for i, _ in columns) if c.strip() not in WIDE_VOTES),
            None,
        )
        if bad is not None:
            export.problems.append(Problem("participants-votes.csv", line, "bad-vote", bad))
            continue
        for cid, vote in ((c, int(float(cells[i]))) for i, c in columns if cells[i].strip()):
            voters.append(voter)
            statements.append(cid)
            votes.append(vote)
            times.append(line)


def read_folder(folder: str | Path) -> Export:
    folder = Path(folder)
    if not (folder / "comments.csv").is_file():
        raise ExportError("missing-file", "comments.csv")
    if not (folder / "votes.csv").is_file() and not (folder / "participants-votes.csv").is_file():
        raise ExportError("missing-file", "votes.csv")

    def text(name: str) -> str | None:
        path = folder / name
        return path.read_text(encoding="utf-8-sig") if path.is_file() else None

    return read_texts(
        text("comments.csv") or "",  # checked above
        text("votes.csv"),
        text("participants-votes.csv"),
        text("summary.csv"),
    )


def read_math_fixture(folder: str | Path) -> tuple[VoteMatrix, dict]:
    """A conversation from Pol.is's math fixtures: its votes as a matrix, and math-pca2.json."""
    folder = Path(folder)
    votes = json.loads((folder / "votes.json").read_text())
    comments = json.loads((folder / "comments.json").read_text())

    def pick(item: dict, *names):
        return next(item[n] for n in names if n in item)

    votes.sort(key=lambda v: float(v["modified"]))
    matrix = build(
        [pick(v, "pid", "participant_id") for v in votes],
        [pick(v, "tid", "statement_id") for v in votes],
        [v["vote"] for v in votes],
        [float(v["modified"]) for v in votes],
        moderated_out=[
            pick(c, "tid", "statement_id") for c in comments if pick(c, "mod", "moderated") == -1
        ],
        meta=[pick(c, "tid", "statement_id") for c in comments if c.get("is_meta")],
    )
    return matrix, json.loads((folder / "math-pca2.json").read_text())


def write_export(
    *,
    topic: str,
    comments: list[Comment],
    votes: list[tuple[int, int, int, int]],  # (timestamp ms, comment id, voter id, vote)
    group_of: dict[int, int],
    gac: dict[int, float] | None = None,
) -> dict[str, str]:
    """Our results in Pol.is's open-data format: file name -> CSV text."""
    from datetime import UTC, datetime

    def stamp(ms: int) -> str:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%a %b %d %H:%M:%S UTC %Y")

    def table(header, rows) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()

    ordered = sorted(votes)
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    latest: dict[tuple[int, int], int] = {}
    for _, cid, voter, vote in ordered:
        agrees[cid] = agrees.get(cid, 0) + (vote == 1)
        disagrees[cid] = disagrees.get(cid, 0) + (vote == -1)
        latest[(voter, cid)] = vote
    cids = [c.id for c in comments]
    voters = sorted({v for v, _ in latest})
    files = {
        "comments.csv": table(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "group-informed-consensus",
                "comment-body",
            ],
            [
                [
                    c.created,
                    stamp(c.created),
                    c.id,
                    "" if c.author is None else c.author,
                    agrees.get(c.id, 0),
                    disagrees.get(c.id, 0),
                    c.moderated,
                    "" if gac is None or c.id not in gac else repr(gac[c.id]),
                    c.text,
                ]
                for c in comments
            ],
        ),
        "votes.csv": table(
            ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
            [[t, stamp(t), cid, voter, vote] for t, cid, voter, vote in ordered],
        ),
    }
    rows = []
    for voter in voters:
        cells = [latest.get((voter, cid)) for cid in cids]
        cast = [c for c in cells if c is not None]
        rows.append(
            [
                voter,
                group_of.get(voter, ""),
                sum(1 for c in comments if c.author == voter),
                len(cast),
                sum(1 for c in cast if c == 1),
                sum(1 for c in cast if c == -1),
                *["" if c is None else c for c in cells],
            ]
        )
    files["participants-votes.csv"] = table(
        ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *cids], rows
    )
    files["summary.csv"] = table(
        ["topic", topic],
        [
            ["voters", len(voters)],
            ["voters-in-conv", len(group_of)],
            ["commenters", len({c.author for c in comments if c.author is not None})],
            ["comments", len(comments)],
            ["groups", len(set(group_of.values()))],
        ],
    )
    return files
