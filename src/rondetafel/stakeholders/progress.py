"""What steps 1 to 3 have produced, for the trajectory's progress page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

sections.register("stakeholders.intake")(
    Section(gettext_lazy("Intake and shared goal"), "stakeholders:intake", "stakeholders.view_goal")
)
sections.register("stakeholders.register")(
    Section(gettext_lazy("Stakeholders"), "stakeholders:register", "stakeholders.view_register")
)
sections.register("stakeholders.engagement")(
    Section(
        gettext_lazy("Engagement plan"), "stakeholders:engagement", "stakeholders.view_register"
    )
)
sections.register("stakeholders.common_ground")(
    Section(
        gettext_lazy("Common ground"),
        "stakeholders:common_ground",
        "stakeholders.view_common_ground",
    )
)


@step_outputs.register("stakeholders")
def stakeholder_outputs(trajectory) -> list[StepOutput]:
    from .models import GoalSignOff, GoalStatement, Intake, Interest, Stakeholder

    outputs = []
    intakes = Intake.objects.filter(trajectory=trajectory).count()
    if intakes:
        outputs.append(
            StepOutput(
                1,
                ngettext("%(n)d intake held", "%(n)d intakes held", intakes) % {"n": intakes},
                reverse("stakeholders:intake", args=[trajectory.pk]),
            )
        )
    goal = GoalStatement.objects.filter(trajectory=trajectory).first()
    if goal:
        parties = trajectory.parties.count()
        agreed = (
            GoalSignOff.objects.filter(goal=goal, version=goal.version)
            .exclude(verdict="not_yet")
            .count()
        )
        outputs.append(
            StepOutput(
                1,
                _("Shared goal: %(agreed)d of %(parties)d parties agree")
                % {"agreed": agreed, "parties": parties},
                reverse("stakeholders:intake", args=[trajectory.pk]),
                completes=bool(parties) and agreed >= parties,
            )
        )
    register = Stakeholder.objects.filter(trajectory=trajectory).aggregate(
        n=Count("id"),
        assessed=Count("id", filter=Q(current__isnull=False)),
        planned=Count("id", filter=~Q(strategy="")),
    )
    if register["n"]:
        outputs.append(
            StepOutput(
                2,
                _("%(n)d stakeholders in the register, %(assessed)d assessed") % register,
                reverse("stakeholders:register", args=[trajectory.pk]),
                completes=register["assessed"] > 0,
            )
        )
        shared = (
            Interest.objects.filter(stakeholder__trajectory=trajectory)
            .values("tag")
            .distinct()
            .count()
        )
        outputs.append(
            StepOutput(
                2,
                ngettext(
                    "%(n)d topic in the common-ground view",
                    "%(n)d topics in the common-ground view",
                    shared,
                )
                % {"n": shared},
                reverse("stakeholders:common_ground", args=[trajectory.pk]),
            )
        )
    if register["planned"]:
        outputs.append(
            StepOutput(
                3,
                _("An engagement strategy for %(planned)d stakeholders") % register,
                reverse("stakeholders:engagement", args=[trajectory.pk]),
                completes=True,
            )
        )
    from .models import PlannedAction

    actions = PlannedAction.objects.filter(stakeholder__trajectory=trajectory).aggregate(
        n=Count("id"), done=Count("id", filter=Q(done=True))
    )
    if actions["n"]:
        outputs.append(
            StepOutput(
                3,
                _("Engagement plan: %(done)d of %(n)d planned actions done") % actions,
                reverse("stakeholders:engagement", args=[trajectory.pk]),
            )
        )
    return outputs


@task_providers.register("stakeholders.goal_sign_off")
def goal_to_sign_off(user, trajectory) -> list[Task]:
    """The shared goal waits for this person's party: the one who speaks for it is told."""
    from .models import GoalSignOff, GoalStatement
    from .services import representative_party

    goal = GoalStatement.objects.filter(trajectory=trajectory).first()
    if goal is None or not user.is_authenticated:
        return []
    party = representative_party(trajectory=trajectory, user=user)
    if party is None or user.has_perm("stakeholders.manage", trajectory):
        return []  # the facilitator writes the goal; the parties sign it off
    if GoalSignOff.objects.filter(goal=goal, party=party, version=goal.version).exists():
        return []
    return [
        Task(
            _("Sign off the shared goal for %(party)s") % {"party": party.name},
            reverse("stakeholders:intake", args=[trajectory.pk]),
            _("Every party agrees to the goal before the sessions start."),
        )
    ]


@decision_feeds.register("goal.signed_off")
def goal_agreed(entry) -> DecisionDraft | None:
    """The shared goal becomes a decision when the last party agrees to this version of it."""
    from .models import GoalSignOff, GoalStatement

    sign_off = GoalSignOff.objects.filter(pk=entry.object_id).select_related("goal").first()
    if sign_off is None:
        return None
    goal: GoalStatement = sign_off.goal
    trajectory = goal.trajectory
    agreeing = GoalSignOff.objects.filter(goal=goal, version=goal.version).exclude(
        verdict="not_yet"
    )
    parties = trajectory.parties.count()
    if not parties or agreeing.count() < parties:
        return None
    return DecisionDraft(
        trajectory_id=trajectory.pk,
        source_key=f"goal:{goal.pk}:v{goal.version}",
        title=_("Shared goal agreed: %(goal)s") % {"goal": goal.text[:200]},
        decided_by=_("All %(n)d parties") % {"n": parties},
        decided_on=entry.created_at.date(),
        basis=_("Each party signed off version %(v)d of the goal.") % {"v": goal.version},
        consequences=_("The trajectory works towards this goal."),
        source_label=_("Intake and shared goal"),
        source_url=reverse("stakeholders:intake", args=[trajectory.pk]),
        contributor_ids=list(agreeing.values_list("signed_by_id", flat=True)),
    )
