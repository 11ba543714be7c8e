"""Pol.is conversations in and out: import an open-data export into a trajectory as a finished
statement-voting session, and export an activity's votes and groups in the same format."""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rondetafel.analysis.opinion.polis_io import (
    Comment,
    ExportError,
    Problem,
    read_texts,
    write_export,
)
from rondetafel.core.spreadsheet import safe_cell
from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.audit import audit
from rondetafel.trajectories.constants import Side

from . import opinion
from .constants import ActivityStatus, StatementStatus, WorkshopStatus
from .models import Activity, Participant, Response, Statement, Workshop
from .services import new_join_code

STATUS = {1: StatementStatus.ACCEPTED, 0: StatementStatus.ACCEPTED, -1: StatementStatus.REJECTED}
VALUE = {1: "agree", -1: "disagree", 0: "pass"}
MAX_STATEMENT = 280


def problem_message(problem: Problem) -> str:
    messages = {
        "bad-number": _("a number was expected"),
        "bad-vote": _("the vote must be 1 (agree), -1 (disagree) or 0 (pass), not %(value)s"),
        "unknown-comment": _("statement %(value)s is not in comments.csv"),
        "bad-moderation": _("moderation must be 1, 0 or -1, not %(value)s"),
        "duplicate-comment": _("statement %(value)s appears twice"),
        "ragged-row": _("the row has %(value)s cells (this row/the header)"),
    }
    return messages.get(problem.code, problem.code) % {"value": problem.value}


@dataclass
class ImportOutcome:
    problems: list[Problem] = field(default_factory=list)
    stored: bool = False
    workshop: Workshop | None = None
    statements: int = 0
    participants: int = 0
    votes: int = 0


def _stamp(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def import_export(
    *,
    trajectory,
    actor,
    comments_csv: str,
    votes_csv: str | None,
    participants_votes_csv: str | None = None,
    summary_csv: str | None = None,
    title: str = "",
    all_or_nothing: bool = False,
) -> ImportOutcome:
    """Read the export; with bad rows, keep the good ones (or, with all_or_nothing, store
    nothing) and report each bad row. Voters become anonymous participants of side "other"."""
    try:
        export = read_texts(comments_csv, votes_csv, participants_votes_csv, summary_csv)
    except ExportError as exc:
        if exc.code == "missing-columns":
            raise ValidationError(
                _("This is not a Pol.is export: columns are missing (%(detail)s).")
                % {"detail": exc.detail}
            ) from exc
        if exc.code == "missing-file":
            raise ValidationError(
                _("Add votes.csv, or participants-votes.csv when the export has none.")
            ) from exc
        raise ValidationError(_("The export cannot be read.")) from exc
    outcome = ImportOutcome(problems=export.problems)
    if export.problems and all_or_nothing:
        return outcome
    if not export.comments or not len(export.votes):
        raise ValidationError(_("The export holds no statements or no votes to import."))

    matrix = export.matrix()
    with transaction.atomic():
        workshop = Workshop.objects.create(
            trajectory=trajectory,
            title=(title or export.topic or _("Imported Pol.is conversation"))[:200],
            join_code=new_join_code(),
            status=WorkshopStatus.CLOSED,
        )
        activity = Activity.objects.create(
            workshop=workshop,
            kind="statements",
            title=(title or export.topic or _("Statements"))[:300],
            status=ActivityStatus.CLOSED,
        )
        first_vote = {}
        for voter, when in zip(export.voters.tolist(), export.times.tolist(), strict=True):
            first_vote[voter] = min(when, first_vote.get(voter, when))
        voters = sorted(first_vote, key=lambda v: (first_vote[v], v))
        people = Participant.objects.bulk_create(
            [
                Participant(
                    workshop=workshop,
                    display_name=f"Pol.is {voter}",
                    side=Side.OTHER,
                    key_hash=token_hash(secrets.token_urlsafe(24)),
                )
                for voter in voters
            ]
        )
        person = dict(zip(voters, people, strict=True))
        authored = {c.id: c.author for c in export.comments}
        statements = Statement.objects.bulk_create(
            [
                Statement(
                    activity=activity,
                    text=(c.text or "…")[:MAX_STATEMENT],
                    status=STATUS[c.moderated],
                    author=person.get(authored[c.id]),
                    client_id=f"polis:{c.id}",
                )
                for c in export.comments
            ]
        )
        # Creation order is what numbers statements and people in the analysis: keep Pol.is's.
        for comment, statement in zip(export.comments, statements, strict=True):
            statement.created_at = (
                _stamp(comment.created) if comment.created else statement.created_at
            )
        Statement.objects.bulk_update(statements, ["created_at"], batch_size=500)
        for voter, participant in person.items():
            participant.created_at = _stamp(first_vote[voter])
        Participant.objects.bulk_update(people, ["created_at"], batch_size=500)

        statement_of = {c.id: s for c, s in zip(export.comments, statements, strict=True)}
        sids, pids = matrix.statement_ids.tolist(), matrix.participant_ids.tolist()
        Response.objects.bulk_create(
            [
                Response(
                    activity=activity,
                    participant=person[pids[r]],
                    item=str(statement_of[sids[c]].pk),
                    value=VALUE[v],
                )
                for r, c, v in zip(
                    matrix.rows.tolist(), matrix.cols.tolist(), matrix.vals.tolist(), strict=True
                )
            ],
            batch_size=2000,
        )
        audit(
            "workshop.polis_imported",
            actor=actor,
            obj=workshop,
            trajectory=trajectory,
            statements=len(statements),
            participants=len(people),
            votes=len(matrix.vals),
            bad_rows=len(export.problems),
        )
    opinion.refresh(activity)
    outcome.stored = True
    outcome.workshop = workshop
    outcome.statements, outcome.participants, outcome.votes = (
        len(statements),
        len(people),
        len(matrix.vals),
    )
    return outcome


def export_files(activity: Activity) -> dict[str, str]:
    """The activity in Pol.is's open-data format, with our opinion groups as group-id."""
    analysis = opinion.refresh(activity)
    statements = list(activity.statements.order_by("created_at", "pk"))
    people = list(
        Participant.objects.filter(workshop_id=activity.workshop_id).order_by("created_at", "pk")
    )
    person = {p.pk: i for i, p in enumerate(people)}
    number = {str(s.pk): i for i, s in enumerate(statements)}
    moderated = {
        StatementStatus.ACCEPTED: 1,
        StatementStatus.PENDING: 0,
        StatementStatus.REJECTED: -1,
    }
    comments = [
        Comment(
            id=i,
            author=person.get(s.author_id),
            # opened in a spreadsheet as often as in Pol.is tools: no formula runs from a phone
            text=safe_cell(s.text),
            moderated=moderated[s.status],
            created=int(s.created_at.timestamp() * 1000),
        )
        for i, s in enumerate(statements)
    ]
    votes = [
        (int(when.timestamp() * 1000), number[item], person[pid], opinion.VOTE_VALUE[value])
        for pid, item, value, when in Response.objects.filter(activity=activity).values_list(
            "participant_id", "item", "value", "updated_at"
        )
        if item in number and value in opinion.VOTE_VALUE
    ]
    group_of = {int(p): g for p, g in analysis.state.get("group_of", {}).items()}
    gac = {int(sid): value for sid, value in analysis.view.get("gac", {}).items()}
    return write_export(
        topic=safe_cell(activity.title), comments=comments, votes=votes, group_of=group_of, gac=gac
    )


def export_zip(activity: Activity) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(activity).items():
            archive.writestr(name, text)
    return buffer.getvalue()
