"""Every write in the stakeholder app: intakes, the shared goal, the register and its analyses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.core.audit import audit_record
from rondetafel.core.updates import apply_changes
from rondetafel.trajectories.audit import trajectory_scope
from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.models import Membership, Party, Trajectory

from .models import (
    Assessment,
    Commitment,
    Communication,
    GoalSignOff,
    GoalStatement,
    Intake,
    Interaction,
    Interest,
    PlannedAction,
    Position,
    Relationship,
    Stakeholder,
)


def _save(instance, *, action: str, actor, trajectory, data: dict | None = None):
    instance.full_clean()
    instance.save()
    audit_record(
        action=action,
        actor=actor,
        obj=instance,
        scope=trajectory_scope(trajectory),
        data=data or {},
    )
    return instance


# --- step 1: intake and shared goal --------------------------------------------------------

INTAKE_FIELDS = ("held_on", "goals", "expectations", "concerns", "mandate", "fixed_frame")


@transaction.atomic
def intake_save(*, party: Party, actor, **data: Any) -> Intake:
    intake = Intake.objects.select_for_update().filter(party=party).first() or Intake(
        trajectory=party.trajectory, party=party
    )
    changed = apply_changes(intake, data, INTAKE_FIELDS)
    return _save(
        intake,
        action="intake.saved",
        actor=actor,
        trajectory=party.trajectory,
        data={"party": party.name, "fields": changed},
    )


@transaction.atomic
def goal_save(
    *,
    trajectory: Trajectory,
    actor,
    text: str,
    engagement_level: str,
    ladder_level: str,
    promise: str = "",
) -> GoalStatement:
    goal = GoalStatement.objects.select_for_update().filter(trajectory=trajectory).first()
    if goal is None:
        goal = GoalStatement(trajectory=trajectory, text=text)
    elif goal.text.strip() != text.strip():
        goal.version += 1  # a changed text needs every party's sign-off again
    goal.text = text
    goal.engagement_level = engagement_level
    goal.ladder_level = ladder_level
    goal.promise = promise
    return _save(
        goal,
        action="goal.saved",
        actor=actor,
        trajectory=trajectory,
        data={"version": goal.version},
    )


def representative_party(*, trajectory: Trajectory, user) -> Party | None:
    """The party a person may sign off for: their own, if they are a participant or client."""
    membership = (
        Membership.objects.select_related("party")
        .filter(
            trajectory=trajectory,
            user=user,
            role__in=[Role.PARTICIPANT, Role.CLIENT, Role.FACILITATOR],
        )
        .first()
    )
    return membership.party if membership else None


@transaction.atomic
def goal_sign_off(*, goal: GoalStatement, user, verdict: str, remark: str = "") -> GoalSignOff:
    party = representative_party(trajectory=goal.trajectory, user=user)
    if party is None:
        raise ValidationError(_("Only someone who represents a party can sign off the goal."))
    goal = GoalStatement.objects.select_for_update().get(pk=goal.pk)
    sign_off = GoalSignOff.objects.filter(
        goal=goal, party=party, version=goal.version
    ).first() or GoalSignOff(goal=goal, party=party, version=goal.version)
    sign_off.signed_by = user
    sign_off.verdict = verdict
    sign_off.remark = remark.strip()
    return _save(
        sign_off,
        action="goal.signed_off",
        actor=user,
        trajectory=goal.trajectory,
        data={"party": party.name, "verdict": verdict, "version": goal.version},
    )


# --- register ------------------------------------------------------------------------------

STAKEHOLDER_FIELDS = (
    "kind",
    "name",
    "organisation",
    "party",
    "side",
    "role",
    "email",
    "phone",
    "consent",
    "consent_on",
    "strategy",
    "notes",
)


def _check_party(trajectory, party) -> None:
    if party is not None and party.trajectory_id != trajectory.pk:
        raise ValidationError({"party": _("This party does not belong to this trajectory.")})


@transaction.atomic
def stakeholder_create(*, trajectory: Trajectory, actor, **data: Any) -> Stakeholder:
    _check_party(trajectory, data.get("party"))
    if not data.get("side") and data.get("party") is not None:
        data["side"] = data["party"].side  # a party's stakeholder stands on the party's side
    stakeholder = Stakeholder(trajectory=trajectory)
    apply_changes(stakeholder, data, STAKEHOLDER_FIELDS)
    if stakeholder.email:
        stakeholder.email = stakeholder.email.lower()
    return _save(
        stakeholder,
        action="stakeholder.created",
        actor=actor,
        trajectory=trajectory,
        data={"name": stakeholder.name},
    )


@transaction.atomic
def stakeholder_create_with_scores(
    *, trajectory: Trajectory, actor, scores: dict, **data: Any
) -> Stakeholder:
    """A new stakeholder and, when power and interest are given, its first assessment: one
    form, one transaction (nothing half-stored when the scores are refused)."""
    stakeholder = stakeholder_create(trajectory=trajectory, actor=actor, **data)
    if scores.get("power") is not None and scores.get("interest") is not None:
        assessment_create(
            stakeholder=stakeholder,
            actor=actor,
            assessed_on=timezone.localdate(),
            power=scores["power"],
            interest=scores["interest"],
        )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, actor, **data: Any) -> Stakeholder:
    _check_party(stakeholder.trajectory, data.get("party"))
    changed = apply_changes(stakeholder, data, STAKEHOLDER_FIELDS)
    if not changed:
        return stakeholder
    return _save(
        stakeholder,
        action="stakeholder.updated",
        actor=actor,
        trajectory=stakeholder.trajectory,
        data={"fields": changed},
    )


ASSESSMENT_FIELDS = (
    "assessed_on",
    "power",
    "interest",
    "legitimacy",
    "urgency",
    "attitude",
    "attitude_desired",
    "engagement",
    "note",
)


@transaction.atomic
def assessment_create(*, stakeholder: Stakeholder, actor, **data: Any) -> Assessment:
    assessment = Assessment(
        stakeholder=stakeholder,
        assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    apply_changes(assessment, data, ASSESSMENT_FIELDS)
    _save(
        assessment,
        action="assessment.created",
        actor=actor,
        trajectory=stakeholder.trajectory,
        data={
            "stakeholder": stakeholder.name,
            "power": assessment.power,
            "interest": assessment.interest,
        },
    )
    latest = (
        Assessment.objects.filter(stakeholder=stakeholder)
        .order_by("-assessed_on", "-created_at")
        .first()
    )
    Stakeholder.objects.filter(pk=stakeholder.pk).update(current=latest)
    stakeholder.current = latest
    return assessment


@transaction.atomic
def position_create(*, stakeholder: Stakeholder, actor, text: str) -> Position:
    return _save(
        Position(stakeholder=stakeholder, text=text),
        action="position.created",
        actor=actor,
        trajectory=stakeholder.trajectory,
    )


@transaction.atomic
def interest_create(*, stakeholder: Stakeholder, actor, **data: Any) -> Interest:
    position = data.get("position")
    if position is not None and position.stakeholder_id != stakeholder.pk:
        raise ValidationError({"position": _("This position belongs to another stakeholder.")})
    interest = Interest(stakeholder=stakeholder)
    apply_changes(interest, data, ("position", "text", "tag", "supports", "priority"))
    interest.tag = interest.tag.strip().lower()
    return _save(
        interest,
        action="interest.created",
        actor=actor,
        trajectory=stakeholder.trajectory,
        data={"tag": interest.tag},
    )


@transaction.atomic
def relationship_create(*, trajectory: Trajectory, actor, **data: Any) -> Relationship:
    for end in ("source", "target"):
        if data.get(end) is not None and data[end].trajectory_id != trajectory.pk:
            raise ValidationError({end: _("This stakeholder belongs to another trajectory.")})
    relationship = Relationship(trajectory=trajectory)
    apply_changes(relationship, data, ("source", "target", "kind", "strength", "positive", "note"))
    return _save(relationship, action="relationship.created", actor=actor, trajectory=trajectory)


@transaction.atomic
def record_delete(*, record, actor, trajectory) -> None:
    """Remove a position, interest, relationship, action or commitment (with an audit entry)."""
    audit_record(
        action=f"{record._meta.model_name}.deleted",
        actor=actor,
        obj=record,
        scope=trajectory_scope(trajectory),
        data={"text": str(record)},
    )
    record.delete()


@transaction.atomic
def action_create(*, stakeholder: Stakeholder, actor, **data: Any) -> PlannedAction:
    action = PlannedAction(stakeholder=stakeholder)
    apply_changes(action, data, ("description", "due_on", "done"))
    return _save(
        action, action="planned_action.created", actor=actor, trajectory=stakeholder.trajectory
    )


@transaction.atomic
def action_set_done(*, action: PlannedAction, actor, done: bool) -> PlannedAction:
    action.done = done
    return _save(
        action,
        action="planned_action.updated",
        actor=actor,
        trajectory=action.stakeholder.trajectory,
        data={"done": done},
    )


@transaction.atomic
def interaction_create(*, stakeholder: Stakeholder, actor, **data: Any) -> Interaction:
    interaction = Interaction(
        stakeholder=stakeholder,
        logged_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    apply_changes(interaction, data, ("happened_on", "channel", "summary", "follow_up"))
    return _save(
        interaction, action="interaction.logged", actor=actor, trajectory=stakeholder.trajectory
    )


@transaction.atomic
def commitment_create(*, stakeholder: Stakeholder, actor, **data: Any) -> Commitment:
    commitment = Commitment(stakeholder=stakeholder)
    apply_changes(commitment, data, ("description", "owner", "due_on", "status"))
    return _save(
        commitment, action="commitment.created", actor=actor, trajectory=stakeholder.trajectory
    )


@transaction.atomic
def commitment_set_status(*, commitment: Commitment, actor, status: str) -> Commitment:
    commitment.status = status
    return _save(
        commitment,
        action="commitment.updated",
        actor=actor,
        trajectory=commitment.stakeholder.trajectory,
        data={"status": status},
    )


# --- import --------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, trajectory: Trajectory, actor, filename: str, content: bytes):
    """Parse an uploaded register file and keep it for mapping and preview."""
    from .importing import ImportFileError, parse_upload
    from .models import ImportBatch

    try:
        header, rows = parse_upload(filename, content)
    except ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    batch = ImportBatch(
        trajectory=trajectory, uploaded_by=actor, filename=filename[:255], header=header, rows=rows
    )
    batch.save()
    return batch


def import_check(*, batch, mapping: dict[str, int | None]):
    """Validate every row against the register as it is now. Saves nothing."""
    from django.utils import timezone

    from .importing import _norm, validate_rows

    trajectory = batch.trajectory
    existing = Stakeholder.objects.filter(trajectory=trajectory).values_list(
        "email", "name", "kind"
    )
    return validate_rows(
        rows=batch.rows,
        mapping=mapping,
        parties={_norm(p.name): p for p in Party.objects.filter(trajectory=trajectory)},
        existing_emails={email for email, _n, _k in existing if email},
        existing_names={(_norm(name), kind) for email, name, kind in existing if not email},
        today=timezone.localdate(),
    )


@transaction.atomic
def import_run(
    *, batch, actor, mapping: dict[str, int | None], keep_valid: bool
) -> tuple[list, int]:
    """Import the batch. With ``keep_valid`` the good rows are imported and the bad ones
    skipped; without it, one bad row means nothing is imported. Returns (results, imported)."""
    from django.utils import timezone

    from .models import ImportBatch

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.imported_at is not None:
        raise ValidationError(_("This file has been imported already."))
    results = import_check(batch=batch, mapping=mapping)
    good = [r for r in results if r.ok]
    if len(good) < len(results) and not keep_valid:
        return results, 0
    trajectory = batch.trajectory
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            trajectory=trajectory,
            **{
                k: r.values[k]
                for k in ("name", "kind", "organisation", "party", "side", "role", "email", "phone")
            },
            consent=bool(r.values.get("consent")),
            consent_on=r.values.get("consent_on"),
        )
        for r in good
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            stakeholder=s,
            assessed_by=actor,
            **{
                k: r.values[k]
                for k in (
                    "assessed_on",
                    "power",
                    "interest",
                    "legitimacy",
                    "urgency",
                    "attitude",
                    "attitude_desired",
                    "engagement",
                )
            },
        )
        for s, r in zip(stakeholders, good, strict=True)
        if r.values.get("has_assessment")
    )
    for assessment in assessments:
        assessment.stakeholder.current = assessment
    Stakeholder.objects.bulk_update(
        [a.stakeholder for a in assessments], ["current"], batch_size=500
    )
    batch.imported_at = timezone.now()
    batch.save(update_fields=["imported_at"])
    audit_record(
        action="stakeholders.imported",
        actor=actor,
        obj=batch,
        scope=trajectory_scope(trajectory),
        data={"file": batch.filename, "imported": len(good), "skipped": len(results) - len(good)},
    )
    return results, len(good)


@transaction.atomic
def communication_add(
    *, trajectory: Trajectory, actor, audience: str, message: str, planned_on, channel: str
) -> Communication:
    """A line in the communication plan (step 3): who hears what, when, how."""
    item = Communication(
        trajectory=trajectory,
        audience=audience.strip(),
        message=message.strip(),
        planned_on=planned_on,
        channel=channel,
    )
    return _save(
        item, action="stakeholders.communication_planned", actor=actor, trajectory=trajectory
    )
