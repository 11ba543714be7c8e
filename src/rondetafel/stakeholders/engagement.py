"""The engagement plan, step 3's output: per stakeholder the attitude now and desired, the gap,
the engagement level and the planned actions, grouped by level; and the communication plan.
Reads only (services write); exported as XLSX and PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from rondetafel.core.spreadsheet import safe_cell
from rondetafel.trajectories.selectors import side_labels

from .constants import Attitude, Engagement
from .models import Communication, PlannedAction, Stakeholder

ATTITUDES = list(Attitude.values)


@dataclass
class PlanRow:
    stakeholder: Stakeholder
    side: str
    now: str
    desired: str
    gap: int | None  # steps on the attitude scale from now to desired
    strategy: str
    actions: list


@dataclass
class PlanGroup:
    level: str
    label: str
    rows: list = field(default_factory=list)


def plan(trajectory) -> list[PlanGroup]:
    names = side_labels(trajectory)
    groups = {level: PlanGroup(level, str(label)) for level, label in Engagement.choices}
    groups[""] = PlanGroup("", _("Not assessed yet"))
    stakeholders = (
        Stakeholder.objects.filter(trajectory=trajectory)
        .select_related("current")
        .prefetch_related(Prefetch("actions", queryset=PlannedAction.objects.order_by("due_on")))
    )
    for s in stakeholders.order_by("name"):
        a = s.current
        gap = None
        if a is not None and a.attitude in ATTITUDES and a.attitude_desired in ATTITUDES:
            gap = ATTITUDES.index(a.attitude_desired) - ATTITUDES.index(a.attitude)
        groups[a.engagement if a else ""].rows.append(
            PlanRow(
                stakeholder=s,
                side=names.get(s.side, s.get_side_display()),
                now=a.get_attitude_display() if a else "",
                desired=a.get_attitude_desired_display() if a else "",
                gap=gap,
                strategy=s.strategy,
                actions=list(s.actions.all()),
            )
        )
    # From empowering to informing: the closest engagement first.
    order = [level for level, _label in reversed(Engagement.choices)] + [""]
    return [groups[level] for level in order if groups[level].rows]


def communications(trajectory):
    return Communication.objects.filter(trajectory=trajectory)


COLUMNS = ("level", "stakeholder", "side", "attitude now", "desired", "gap", "strategy", "actions")


def xlsx(trajectory) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Engagement plan"))
    sheet.append(
        [
            _("Engagement level"),
            _("Stakeholder"),
            _("Side"),
            _("Attitude now"),
            _("Desired"),
            _("Gap"),
            _("Strategy"),
            _("Planned actions"),
        ]
    )
    for group in plan(trajectory):
        for row in group.rows:
            actions = "; ".join(
                f"{a.description} ({a.due_on or '-'}{', ' + _('done') if a.done else ''})"
                for a in row.actions
            )
            sheet.append(
                [
                    safe_cell(v)
                    for v in (
                        group.label,
                        row.stakeholder.name,
                        row.side,
                        row.now,
                        row.desired,
                        row.gap if row.gap is not None else "",
                        row.strategy,
                        actions,
                    )
                ]
            )
    comms = workbook.create_sheet(_("Communication plan"))
    comms.append([_("When"), _("Who"), _("What"), _("Channel"), _("Done")])
    for c in communications(trajectory):
        comms.append(
            [
                c.planned_on,
                safe_cell(c.audience),
                safe_cell(c.message),
                c.get_channel_display(),
                _("yes") if c.done else "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf(trajectory) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "stakeholders/engagement_pdf.html",
            {
                "trajectory": trajectory,
                "groups": plan(trajectory),
                "communications": communications(trajectory),
            },
        )
    return HTML(string=html).write_pdf()
