"""The opinion landscape of a statement-voting activity.

Adapts a session's votes to `rondetafel.analysis.opinion`, keeps the latest analysis in
`OpinionAnalysis` (with the state the next update continues from, so groups keep their identity
as votes arrive) and shapes it for the screens: the map (dots, no names), each group's
representative statements and make-up by side, common ground, where we differ, and statement
priorities for the phones. The analysis reruns after commit when the votes or the moderation
changed (`refresh_if_stale`); pages read the stored result (`landscape`).
"""

from __future__ import annotations

import logging
from collections import Counter

from django.db import IntegrityError, connection
from django.db.models import Count, Max, Q

from rondetafel.analysis.opinion import Options, State, analyse, build
from rondetafel.core import metrics
from rondetafel.trajectories.constants import Side

from .constants import StatementStatus
from .models import Activity, OpinionAnalysis, Participant, Response

log = logging.getLogger(__name__)

VOTE_VALUE = {"agree": 1, "disagree": -1, "pass": 0}  # nosec B105
# A response's value as the database hands it over raw: JSON text, or already decoded.
RAW_VOTE = {**VOTE_VALUE, **{f'"{k}"': v for k, v in VOTE_VALUE.items()}}
GROUP_LABELS = "ABCDEFGHJK"
MAP_SIZE = 400
MAP_MARGIN = 28


def group_label(group_id: int) -> str:
    return GROUP_LABELS[group_id % len(GROUP_LABELS)]


def signature(activity: Activity) -> str:
    """Changes whenever a vote is cast or changed, or a statement is moderated."""
    votes = Response.objects.filter(activity=activity).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    moderation = activity.statements.aggregate(
        n=Count("id"),
        accepted=Count("id", filter=Q(status=StatementStatus.ACCEPTED)),
        rejected=Count("id", filter=Q(status=StatementStatus.REJECTED)),
    )
    last = votes["last"].isoformat() if votes["last"] else "-"
    return (
        f"{votes['n']}|{last}|{moderation['n']}|{moderation['accepted']}|{moderation['rejected']}"
    )


def _inputs(activity: Activity):
    """Votes as arrays; statements and participants numbered by creation, which never changes,
    so the numbers stay valid in the state carried between updates."""
    statements = list(
        activity.statements.order_by("created_at", "pk").values_list("pk", "text", "status")
    )
    number = {str(pk): i for i, (pk, _, _) in enumerate(statements)}
    people = list(
        Participant.objects.filter(workshop_id=activity.workshop_id)
        .order_by("created_at", "pk")
        .values_list("pk", "side")
    )
    # Read the votes raw: Django's per-row conversions (UUID, JSON, datetime) cost ten times the
    # analysis in a 1,000-person session. There is one response per participant and statement,
    # so arrival times do not matter here.
    pk_field = Participant._meta.pk
    person = {pk_field.get_db_prep_value(pk, connection): i for i, (pk, _) in enumerate(people)}
    activity_key = Response._meta.get_field("activity").get_db_prep_value(activity.pk, connection)
    table = Response._meta.db_table
    ptpt, stmt, vote = [], [], []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT participant_id, item, value FROM {table} WHERE activity_id = %s",  # noqa: S608 - the model's own table  # nosec B608
            [activity_key],
        )
        for pid, item, value in cursor.fetchall():
            code = RAW_VOTE.get(value)
            j = number.get(item)
            i = person.get(pid)
            if code is not None and j is not None and i is not None:
                ptpt.append(i)
                stmt.append(j)
                vote.append(code)
    rejected = [
        i for i, (_, _, status) in enumerate(statements) if status == StatementStatus.REJECTED
    ]
    matrix = build(ptpt, stmt, vote, moderated_out=rejected)
    return matrix, statements, [side for _, side in people]


def refresh(activity: Activity, *, current: str | None = None) -> OpinionAnalysis:
    """Run the analysis on the activity's votes, continuing from the stored state."""
    current = current or signature(activity)
    stored = OpinionAnalysis.objects.filter(activity=activity).first()
    matrix, statements, sides = _inputs(activity)
    previous = State.from_json(stored.state) if stored else None
    with metrics.ANALYSIS_SECONDS.time():
        result, state = analyse(matrix, previous=previous, options=Options())
    view = _view(result, statements, sides)
    priorities = {str(statements[s.id][0]): round(s.priority, 6) for s in result.statements}
    values = {
        "signature": current,
        "state": state.to_json(),
        "view": view,
        "priorities": priorities,
    }
    if stored:
        OpinionAnalysis.objects.filter(pk=stored.pk).update(**values)
        stored.__dict__.update(values)
        return stored
    try:
        return OpinionAnalysis.objects.create(activity=activity, **values)
    except IntegrityError:  # another process stored one at the same moment; theirs is as good
        return OpinionAnalysis.objects.get(activity=activity)


def refresh_if_stale(activity_id) -> OpinionAnalysis | None:
    """Rerun the analysis when the votes or the moderation changed since the stored one. Runs
    after commit when answers change (`events.answers_changed`, coalesced), never in a page
    request; a failure is logged and leaves the previous analysis in place."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        return None
    current = signature(activity)
    stored = OpinionAnalysis.objects.filter(activity=activity).only("signature").first()
    if stored and stored.signature == current:
        return stored
    try:
        return refresh(activity, current=current)
    except Exception:  # the votes are stored; only the landscape lags until the next change
        log.exception("Opinion analysis failed for activity %s", activity.pk)
        return None


def landscape(activity: Activity) -> dict:
    """What the screens show: the stored analysis (pages only read). Before the first analysis
    has been stored, {"pending": True}."""
    stored = OpinionAnalysis.objects.filter(activity=activity).only("view").first()
    if stored is None:
        return {"pending": True}
    return _named(stored.view, activity)


def _named(view: dict, activity: Activity) -> dict:
    """Sides named as the trajectory's parties name them, in the reader's language (the stored
    view keeps the names of when it was computed)."""
    from rondetafel.trajectories.selectors import side_labels

    parties = side_labels(activity.workshop.trajectory_id)  # a trajectory or its id
    names = {**{s.value: str(s.label) for s in Side}, **parties}
    for group in view.get("groups", []):
        for side in group.get("sides", []):
            side["label"] = names.get(side["side"], side["label"])
    return view


def priorities(activity: Activity) -> dict[str, float]:
    """Statement priorities from the latest analysis (phones never wait for a new one)."""
    row = OpinionAnalysis.objects.filter(activity=activity).values_list("priorities", flat=True)
    return row.first() or {}


def _scale(values, lo, hi):
    span = (hi - lo) or 1.0
    return [round(MAP_MARGIN + (v - lo) / span * (MAP_SIZE - 2 * MAP_MARGIN), 1) for v in values]


def _view(result, statements, sides) -> dict:
    text = {i: t for i, (_, t, _) in enumerate(statements)}
    positions = result.positions
    if len(positions):
        extent = float(max(abs(positions).max(), 1e-9))
        xs = _scale(positions[:, 0].tolist(), -extent, extent)
        ys = _scale((-positions[:, 1]).tolist(), -extent, extent)  # SVG's y runs downwards
    else:
        extent, xs, ys = 1.0, [], []

    def point(x, y):
        (sx,) = _scale([x], -extent, extent)
        (sy,) = _scale([-y], -extent, extent)
        return sx, sy

    room = Counter(sides[p] for p in result.participant_ids)
    groups = []
    for g in result.groups:
        make_up = Counter(sides[p] for p in g.members)
        groups.append(
            {
                "id": g.id,
                "label": group_label(g.id),
                "size": len(g.members),
                "center": list(point(*g.center)),
                "hull": " ".join(f"{x},{y}" for x, y in (point(*c) for c in g.hull)),
                "sides": [
                    {
                        "side": side.value,
                        "label": str(side.label),
                        "count": make_up[side.value],
                        "share": round(100 * make_up[side.value] / len(g.members)),
                        "room_share": round(100 * room[side.value] / max(1, sum(room.values()))),
                    }
                    for side in Side
                    if room[side.value]
                ],
                "representative": [
                    {
                        "text": text[r.statement],
                        "direction": r.direction,
                        "pct": round(100 * r.successes / r.trials) if r.trials else 0,
                    }
                    for r in g.representative
                ],
            }
        )
    dot_group = [
        group_label(result.group_of[p]) if p in result.group_of else ""
        for p in result.participant_ids
    ]

    def by_group(sid):
        statement = result.statement(sid)
        rows = []
        for g in result.groups:
            agree, _, seen = statement.votes_by_group[g.id]
            rows.append(
                {"label": group_label(g.id), "pct": round(100 * agree / seen) if seen else 0}
            )
        return rows

    return {
        "participants": len(result.participant_ids),
        "clustered": len(result.group_of),
        "note": result.note,
        "size": MAP_SIZE,
        "dots": [[x, y, g] for x, y, g in zip(xs, ys, dot_group, strict=True)],
        "groups": groups,
        "common_ground": [
            {"text": text[s], "by_group": by_group(s)} for s, _ in result.common_ground
        ],
        "divisive": [{"text": text[s], "by_group": by_group(s)} for s, _ in result.divisive],
        "uncertain": [text[s] for s in result.uncertain],
        "gac": {str(s.id): round(s.group_aware_consensus, 6) for s in result.statements}
        if result.groups
        else {},
        "majority": {
            direction: [
                {
                    "text": text[c.statement],
                    "pct": round(100 * c.successes / c.trials) if c.trials else 0,
                }
                for c in items
            ]
            for direction, items in result.consensus.items()
        },
    }
