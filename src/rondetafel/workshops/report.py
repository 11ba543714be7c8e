"""The session report (HTML and PDF) and each activity's export (CSV)."""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.template.loader import render_to_string
from django.utils import translation

from rondetafel.core.spreadsheet import safe_cell
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.selectors import side_labels

from . import selectors
from .constants import ActivityStatus


def context(workshop, *, show_hidden: bool = False) -> dict:
    """Everything the report shows: the agenda as it ran, each activity's outcome, the consent
    decisions, equality of voice and attendance per side (counts only, no names). Results the
    facilitator kept off the screen stay withheld here too, except for who runs the session
    (`show_hidden`)."""
    blocks = []
    for block in workshop.blocks.all():
        actual = None
        if block.started_at and block.ended_at:
            actual = round((block.ended_at - block.started_at).total_seconds() / 60)
        blocks.append({"block": block, "actual_minutes": actual})
    activities = [
        {"activity": a, "results": selectors.results(a)}
        if a.results_visible or show_hidden
        else {"activity": a, "results": None, "withheld": True}
        for a in workshop.activities.exclude(status=ActivityStatus.DRAFT)
    ]
    side_label = {**dict(Side.choices), **side_labels(workshop.trajectory)}
    attendance = Counter(workshop.participants.values_list("side", flat=True))
    return {
        "workshop": workshop,
        "blocks": blocks,
        "activities": activities,
        # Types that record an outcome (consent rounds) are the session's decisions.
        "decisions": [a for a in activities if a["activity"].type.records_outcome],
        "outcomes": [a for a in activities if not a["activity"].type.records_outcome],
        "voice": selectors.equality_of_voice(workshop),
        "attendance": [(side_label.get(side, side), n) for side, n in sorted(attendance.items())],
        "participants": sum(attendance.values()),
    }


def pdf(workshop, *, show_hidden: bool = False) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "workshops/report_pdf.html", context(workshop, show_hidden=show_hidden)
        )
    return HTML(string=html).write_pdf()


def activity_csv(activity) -> str:
    """One row per answer: a participant number (not a name), their side, the item, the answer."""
    from .models import Response

    kind = activity.type
    items = {str(s.pk): s.text for s in activity.statements.all()}
    number = {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["participant", "side", "item", "answer", "time"])
    for r in (
        Response.objects.filter(activity=activity)
        .select_related("participant")
        .order_by("created_at")
    ):
        n = number.setdefault(r.participant_id, len(number) + 1)
        value = kind.export_value(activity, r.value)
        writer.writerow(
            [
                safe_cell(x)
                for x in (
                    n,
                    r.participant.side,
                    items.get(r.item, r.item),
                    value,
                    r.updated_at.isoformat(),
                )
            ]
        )
    return out.getvalue()
