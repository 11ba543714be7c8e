"""Reads for the stakeholder pages; each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Q

from rondetafel.analysis.stakeholders import (
    HIGH_FROM,
    SALIENCE_CLASSES,
    HeldInterest,
    Quadrant,
    common_ground,
)
from rondetafel.trajectories.models import Party

from .models import (
    GoalSignOff,
    GoalStatement,
    Intake,
    Interest,
    Relationship,
    Stakeholder,
)

QUADRANT_Q = {
    Quadrant.MONITOR: Q(current__power__lt=HIGH_FROM, current__interest__lt=HIGH_FROM),
    Quadrant.KEEP_INFORMED: Q(current__power__lt=HIGH_FROM, current__interest__gte=HIGH_FROM),
    Quadrant.KEEP_SATISFIED: Q(current__power__gte=HIGH_FROM, current__interest__lt=HIGH_FROM),
    Quadrant.MANAGE_CLOSELY: Q(current__power__gte=HIGH_FROM, current__interest__gte=HIGH_FROM),
}
_P = {True: Q(current__power__gte=HIGH_FROM), False: Q(current__power__lt=HIGH_FROM)}
SALIENCE_Q = {
    s: _P[p] & Q(current__legitimacy=lv) & Q(current__urgency=u)
    for (p, lv, u), s in SALIENCE_CLASSES.items()  # the rule, defined once in analysis
}


def stakeholder_list(
    *, trajectory, side: str = "", kind: str = "", quadrant: str = "", salience: str = ""
):
    qs = Stakeholder.objects.filter(trajectory=trajectory).select_related("party", "current")
    if side:
        qs = qs.filter(side=side)
    if kind:
        qs = qs.filter(kind=kind)
    if quadrant in QUADRANT_Q:
        qs = qs.filter(QUADRANT_Q[quadrant])
    if salience in SALIENCE_Q:
        qs = qs.filter(SALIENCE_Q[salience])
    return qs.order_by("name")


def stakeholder_get(*, trajectory, stakeholder_id) -> Stakeholder | None:
    return (
        Stakeholder.objects.filter(trajectory=trajectory, pk=stakeholder_id)
        .select_related("party", "current")
        .first()
    )


def stakeholder_detail(*, stakeholder: Stakeholder) -> dict:
    return {
        "assessments": list(stakeholder.assessments.select_related("assessed_by")),
        "positions": list(stakeholder.positions.prefetch_related("interests")),
        "interests": list(stakeholder.interests.select_related("position")),
        "relationships": list(
            Relationship.objects.filter(
                Q(source=stakeholder) | Q(target=stakeholder)
            ).select_related("source", "target")
        ),
        "actions": list(stakeholder.actions.all()),
        "interactions": list(stakeholder.interactions.select_related("logged_by")),
        "commitments": list(stakeholder.commitments.all()),
    }


def relationships(*, trajectory):
    return Relationship.objects.filter(trajectory=trajectory).select_related("source", "target")


def intake_overview(*, trajectory) -> dict:
    parties = list(Party.objects.filter(trajectory=trajectory))
    intakes = {i.party_id: i for i in Intake.objects.filter(trajectory=trajectory)}
    goal = GoalStatement.objects.filter(trajectory=trajectory).first()
    sign_offs = {}
    if goal:
        for s in GoalSignOff.objects.filter(goal=goal, version=goal.version).select_related(
            "signed_by"
        ):
            sign_offs[s.party_id] = s
    rows = [
        {"party": p, "intake": intakes.get(p.pk), "sign_off": sign_offs.get(p.pk)} for p in parties
    ]
    agreed = bool(rows) and all(r["sign_off"] and r["sign_off"].verdict != "not_yet" for r in rows)
    return {"rows": rows, "goal": goal, "agreed": agreed}


def common_ground_rows(*, trajectory):
    interests = Interest.objects.filter(stakeholder__trajectory=trajectory).select_related(
        "stakeholder"
    )
    held = []
    texts: dict[tuple[str, str], list[str]] = {}
    for interest in interests:
        held.append(
            HeldInterest(
                tag=interest.tag, side=interest.stakeholder.side, supports=interest.supports
            )
        )
        texts.setdefault((interest.tag, interest.stakeholder.side), []).append(
            ("" if interest.supports else "− ") + interest.text
        )
    rows = []
    for tag, relation, per_side in common_ground(held):
        rows.append(
            {
                "tag": tag,
                "relation": relation,
                "cells": {side: texts.get((tag, side), []) for side in per_side},
            }
        )
    return rows
