"""Assessing rules from phones: a live-session activity type this app plugs into `workshops`
(ADR 0016). The room sees one rule at a time and the facilitator moves on; each participant
answers the framework questions, proposes an outcome and a role, and gives a reason. The
answers are copied into `Assessment` after commit, so the rules pages read one table."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.audit import audit
from rondetafel.workshops import events
from rondetafel.workshops.activities import ActivityType, register

from .constants import ASSESS_KIND, FRAMEWORK_QUESTIONS, Answer, Ladder, Outcome
from .models import Rule

FIELDS = (*(k for k, _l in FRAMEWORK_QUESTIONS), "outcome", "role", "reason", "conditions")


class RuleAssessing(ActivityType):
    has_items = True
    template_dir = "rule_assess"
    offered_in_console = False  # started from the rules inventory

    def configure(self, options_text):
        ids = []
        for line in options_text.split():
            try:
                ids.append(str(uuid.UUID(line)))
            except ValueError as exc:
                raise ValidationError(_("Start assessing from the rules inventory.")) from exc
        if not ids or Rule.objects.filter(pk__in=ids).count() != len(set(ids)):
            raise ValidationError(_("Start assessing from the rules inventory."))
        return {"rules": ids, "current": 0}

    def phone_state(self, activity) -> str:
        return str(activity.config.get("current", 0))  # the rule the room is at

    def current_rule(self, activity) -> Rule | None:
        ids = activity.config.get("rules", [])
        index = activity.config.get("current", 0)
        if not 0 <= index < len(ids):
            return None
        return Rule.objects.filter(pk=ids[index]).select_related("provision__regulation").first()

    def value_from_fields(self, activity, fields):
        return {key: fields.get(key, "") for key in FIELDS}

    def clean(self, activity, item, value, known_items=None):
        from .services import clean_assessment

        if item not in activity.config.get("rules", []):
            raise ValidationError(_("This rule is not part of this round."))
        if Rule.objects.filter(pk=item, removed_at__isnull=False).exists():
            raise ValidationError(
                _("This rule was taken out of the inventory; your assessment was not saved.")
            )
        if not isinstance(value, dict):
            raise ValidationError(_("Answer the questions about the rule."))
        try:
            return clean_assessment(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from exc

    def results(self, activity, responses, sides):
        rule = self.current_rule(activity)
        if rule is None:
            return {"rule": None}
        mine = [r for r in responses if r.item == str(rule.pk)]
        outcomes = Counter(r.value.get("outcome") for r in mine)
        per_side: dict[str, Counter] = defaultdict(Counter)
        for r in mine:
            per_side[sides.get(r.participant_id, "")][r.value.get("outcome")] += 1
        return {
            "rule": {"title": rule.title, "citation": rule.citation, "text": rule.text},
            "position": activity.config.get("current", 0) + 1,
            "of": len(activity.config.get("rules", [])),
            "respondents": len(mine),
            "outcomes": [
                {"key": k, "label": str(label), "count": outcomes[k]}
                for k, label in Outcome.choices
            ],
            "per_side": {
                side: [{"label": str(Outcome(k).label), "count": n} for k, n in c.most_common()]
                for side, c in per_side.items()
            },
        }

    def chart(self, activity, results):
        from rondetafel.workshops.charts import bars

        if not results.get("rule"):
            return None
        return bars([(o["label"], o["count"], str(o["count"])) for o in results["outcomes"]])

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        rule = self.current_rule(activity)
        answer = None
        if rule is not None:
            answer = (
                Response.objects.filter(activity=activity, participant=participant, item=rule.pk)
                .values_list("value", flat=True)
                .first()
            )
        return {
            "rule": rule,
            "answer": answer,
            "position": activity.config.get("current", 0) + 1,
            "of": len(activity.config.get("rules", [])),
            "questions": [
                (key, label, (answer or {}).get(key)) for key, label in FRAMEWORK_QUESTIONS
            ],
            "answers": Answer.choices,
            "outcomes": Outcome.choices,
            "roles": Ladder.choices,
        }

    def has_answered(self, context):
        return context.get("answer") is not None

    def answers_changed(self, activity_id):
        from .services import sync_session_answers

        sync_session_answers(activity_id)

    def export_value(self, activity, value):
        if not isinstance(value, dict):
            return str(value)
        return f"{value.get('outcome', '')} / {value.get('role', '')}: {value.get('reason', '')}"

    def simulate(self, activity, rng):
        rule = self.current_rule(activity)
        if rule is None:
            return []
        outcome = rng.choice(Outcome.values)
        return [
            (
                str(rule.pk),
                {
                    **{k: rng.choice(Answer.values) for k, _l in FRAMEWORK_QUESTIONS},
                    "outcome": outcome,
                    "role": rng.choice(Ladder.values),
                    "reason": "Zo werkt het in de buurt.",
                    "conditions": "Met een jaarlijkse evaluatie."
                    if outcome == "conditions"
                    else "",
                },
            )
        ]

    def command(self, activity, actor, command, data):
        if command not in ("next", "previous"):
            return False
        move_to(activity=activity, actor=actor, step=1 if command == "next" else -1)
        return True


@transaction.atomic
def move_to(*, activity, actor, step: int):
    """The room moves to the next (or previous) rule."""
    from rondetafel.workshops.models import Activity

    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    count = len(activity.config.get("rules", []))
    index = activity.config.get("current", 0) + step
    if not 0 <= index < count:
        raise ValidationError(_("There is no rule further in that direction."))
    activity.config = {**activity.config, "current": index}
    activity.save(update_fields=["config", "updated_at"])
    events.changed(activity.workshop_id)
    audit(
        "regulations.session_rule",
        actor=actor,
        obj=activity,
        trajectory=activity.workshop.trajectory_id,
        position=index + 1,
    )
    return activity


register(RuleAssessing(ASSESS_KIND, gettext_lazy("Rules: assess against the minimal framework")))
