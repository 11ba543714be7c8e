"""Idea board: ideas are collected (shown at once), clustered into themes by the facilitator,
then dot-voted. The board's own commands (themes, clustering, phase) live here too."""

from __future__ import annotations

import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.audit import audit

from .. import events
from ..constants import StatementStatus
from .base import ActivityType, register, whole_number

PHASES = ("collect", "vote")


class IdeaBoard(ActivityType):
    takes_contributions = True

    def configure(self, options_text):
        return {"dots": 3, "phase": "collect"}

    def value_from_fields(self, activity, fields):
        return {str(t.pk): fields.get(f"dots-{t.pk}", "") for t in activity.themes.all()}

    def clean(self, activity, item, value, known_items=None):
        if activity.config.get("phase") != "vote":
            raise ValidationError(_("Dot-voting has not started yet."))
        message = _("Spread your dots over the themes.")
        themes = {str(pk) for pk in activity.themes.values_list("pk", flat=True)}
        if not isinstance(value, dict) or len(value) > len(themes):
            raise ValidationError(message)
        dots = {
            str(k): whole_number(v, message)
            for k, v in value.items()
            if str(v).strip() not in ("", "0")
        }
        if any(k not in themes or v < 0 for k, v in dots.items()):
            raise ValidationError(message)
        allowed = activity.config.get("dots", 3)
        if not 0 < sum(dots.values()) <= allowed:
            raise ValidationError(_("Use between 1 and %(n)d dots.") % {"n": allowed})
        return dots

    def results(self, activity, responses, sides):
        dots: Counter = Counter()
        for r in responses:
            dots.update(r.value)
        themes = [
            {
                "id": str(t.pk),
                "name": t.name,
                "dots": dots[str(t.pk)],
                "ideas": [i.text for i in t.ideas.filter(status=StatementStatus.ACCEPTED)],
            }
            for t in activity.themes.all()
        ]
        loose = [
            i.text
            for i in activity.statements.filter(status=StatementStatus.ACCEPTED, theme__isnull=True)
        ]
        return {
            "phase": activity.config.get("phase", "collect"),
            "themes": sorted(themes, key=lambda t: -t["dots"]),
            "loose": loose,
            "voters": len(responses),
        }

    def chart(self, activity, results):
        from ..charts import bars

        if results["phase"] != "vote":
            return None  # collecting: the screen lists the ideas per theme

        def dots(n):
            return ngettext("%(n)d dot", "%(n)d dots", n) % {"n": n}

        return bars([(t["name"], t["dots"], dots(t["dots"])) for t in results["themes"]])

    def phone_context(self, activity, participant):
        context = super().phone_context(activity, participant)
        answer = context["answer"] or {}
        context["themes"] = [
            {"id": str(t.pk), "name": t.name, "dots": answer.get(str(t.pk), "")}
            for t in activity.themes.all()
        ]
        return context

    def simulate(self, activity, rng):
        if activity.config.get("phase") != "vote":
            return []
        themes = [str(t.pk) for t in activity.themes.all()]
        return [("", {rng.choice(themes): 1})] if themes else []

    def command(self, activity, actor, command, data):
        if command == "themes":
            themes_add(activity=activity, actor=actor, names_text=data.get("themes", ""))
        elif command == "cluster":
            idea = activity.statements.filter(pk=_uuid_or_none(data.get("idea"))).first()
            theme = activity.themes.filter(pk=_uuid_or_none(data.get("theme"))).first()
            if idea is None:
                raise ValidationError(_("This idea does not exist."))
            idea_cluster(idea=idea, actor=actor, theme=theme)
        elif command in PHASES:
            ideas_phase(activity=activity, actor=actor, phase=command)
        else:
            return False
        return True


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _board(activity):
    if not isinstance(activity.type, IdeaBoard):
        raise ValidationError(_("Themes belong to an idea board."))
    return activity


@transaction.atomic
def themes_add(*, activity, actor, names_text: str) -> list:
    from ..models import Theme

    _board(activity)
    names = [line.strip()[:120] for line in names_text.splitlines() if line.strip()]
    if not names:
        raise ValidationError({"themes": _("Name at least one theme.")})
    themes = [Theme.objects.create(activity=activity, name=n) for n in names]
    events.changed(activity.workshop_id)
    return themes


@transaction.atomic
def idea_cluster(*, idea, actor, theme):
    _board(idea.activity)
    if theme is not None and theme.activity_id != idea.activity_id:
        raise ValidationError(_("This theme belongs to another board."))
    idea.theme = theme
    idea.save(update_fields=["theme", "updated_at"])
    events.changed(idea.activity.workshop_id)
    return idea


@transaction.atomic
def ideas_phase(*, activity, actor, phase: str):
    from ..models import Activity

    activity = _board(Activity.objects.select_for_update().get(pk=activity.pk))
    if phase not in PHASES:
        raise ValidationError(_("Unknown command."))
    if phase == "vote" and not activity.themes.exists():
        raise ValidationError(_("Make themes before the dot-voting starts."))
    activity.config = {**activity.config, "phase": phase}
    activity.save(update_fields=["config", "updated_at"])
    events.changed(activity.workshop_id)
    audit(
        "workshop.ideas_phase",
        actor=actor,
        obj=activity,
        trajectory=activity.workshop.trajectory_id,
        phase=phase,
    )
    return activity


register(IdeaBoard("ideas", gettext_lazy("Idea board with dot-voting")))
