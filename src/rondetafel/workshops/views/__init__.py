"""Thin views for live sessions, by audience: `console` (the facilitator and members),
`rounds` (sub-session rounds), `screen` (the presenter), `phone` (participants, by code) and
`opinion` (the opinion landscape and Pol.is)."""

from .console import (
    activity_add,
    activity_control,
    activity_design,
    activity_export,
    agenda_reorder,
    block_add,
    block_control,
    console,
    console_voice,
    moderate,
    report,
    report_pdf,
    run_sheet,
    workshop_duplicate,
    workshop_from_method,
    workshop_list,
    workshop_status,
)
from .opinion import activity_polis_export, opinion, opinion_fragment, polis_import
from .phone import join, join_start, live, live_fragment, respond, submit_statement, version, wish
from .rounds import groups
from .screen import screen, screen_control, screen_fragment

__all__ = [
    "activity_add",
    "agenda_reorder",
    "activity_control",
    "activity_design",
    "activity_export",
    "activity_polis_export",
    "block_add",
    "block_control",
    "console",
    "console_voice",
    "groups",
    "join",
    "join_start",
    "live",
    "live_fragment",
    "moderate",
    "opinion",
    "opinion_fragment",
    "polis_import",
    "report",
    "report_pdf",
    "respond",
    "run_sheet",
    "screen",
    "screen_control",
    "screen_fragment",
    "submit_statement",
    "version",
    "wish",
    "workshop_duplicate",
    "workshop_from_method",
    "workshop_list",
    "workshop_status",
]
