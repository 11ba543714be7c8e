"""The field as a workbook: the parameters and values, every judged pair with its reasons per
side and the plenary's decision, a summary of the solution space, and the scenario cards."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from rondetafel.analysis import morphology as gma
from rondetafel.core.spreadsheet import safe_cell

from .models import Verdict


def workbook(state) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Field")[:31]
    sheet.append([_("Parameter"), _("Value"), _("Description")])
    for parameter, values in state.parameters:
        for value in values:
            sheet.append([safe_cell(x) for x in (parameter.name, value.name, value.description)])

    pairs = book.create_sheet(_("Judgements")[:31])
    labels = dict(Verdict.choices)
    pairs.append(
        [_("First value"), _("Second value"), _("Status"), _("Counts"), _("Decision"), _("Reasons")]
    )
    for pair in state.pairs:
        if not pair.judged and pair.decision is None:
            continue
        counts = ", ".join(f"{labels.get(v, v)}: {n}" for v, n in sorted(pair.verdicts.items()))
        decision = (
            f"{labels[pair.decision.verdict]} ({pair.decision.reason or pair.decision.condition})"
            if pair.decision
            else ""
        )
        reasons = " | ".join(f"{side}: {note}" for _v, note, side in pair.reasons)
        pairs.append(
            [
                safe_cell(x)
                for x in (
                    f"{pair.first.parameter.name}: {pair.first.name}",
                    f"{pair.second.parameter.name}: {pair.second.name}",
                    pair.status,
                    counts,
                    decision,
                    reasons,
                )
            ]
        )

    summary = book.create_sheet(_("Solution space")[:31])
    if state.analysis is not None:
        compiled = gma.compile_space(state.analysis)
        summary.append([_("Configurations in the field"), state.analysis.total])
        summary.append([_("Consistent configurations"), compiled.count.value])
        summary.append([_("Counted exactly"), _("yes") if compiled.count.exact else _("no")])
        dead = gma.dead_values(state.analysis, gma.explore(compiled))
        for d in dead:
            value = state.value(d.value)
            summary.append(
                [
                    safe_cell(
                        _("Never possible: %(value)s")
                        % {"value": f"{value.parameter.name}: {value.name}"}
                    ),
                    safe_cell("; ".join(j.reason for j in d.judgements if j.reason)),
                ]
            )

    cards = book.create_sheet(_("Scenarios")[:31])
    names = {str(v.pk): (p.name, v.name) for p, values in state.parameters for v in values}
    cards.append([_("Scenario"), _("Parameter"), _("Value"), _("Narrative")])
    for scenario in state.field.scenarios.all():
        for i, value_id in enumerate(scenario.configuration):
            parameter, value = names.get(value_id, ("?", "?"))
            cards.append(
                [
                    safe_cell(x)
                    for x in (scenario.name, parameter, value, scenario.narrative if i == 0 else "")
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_context(state) -> dict:
    """What the PDF shows: the field, the judged pairs with their reasons and decisions, the
    solution space and the scenario cards."""
    space = None
    dead = []
    if state.analysis is not None:
        compiled = gma.compile_space(state.analysis)
        space = compiled.count
        dead = [
            (state.value(d.value), [j.reason for j in d.judgements if j.reason])
            for d in gma.dead_values(state.analysis, gma.explore(compiled))
        ]
    names = {str(v.pk): (p.name, v.name) for p, values in state.parameters for v in values}
    cards = [
        (scenario, [names.get(value_id, ("?", "?")) for value_id in scenario.configuration])
        for scenario in state.field.scenarios.all()
    ]
    return {
        "field": state.field,
        "state": state,
        "judged": [
            p
            for p in state.pairs
            if p.decision is not None or p.verdict != Verdict.CONSISTENT or p.contested
        ],
        "labels": dict(Verdict.choices),
        "space": space,
        "total": state.analysis.total if state.analysis is not None else None,
        "dead": dead,
        "cards": cards,
    }


def pdf(state) -> bytes:
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string("scenarios/report_pdf.html", report_context(state))
    return HTML(string=html).write_pdf()
