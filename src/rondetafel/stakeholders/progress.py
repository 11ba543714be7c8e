"""What steps 1 to 3 have produced, for the trajectory's progress page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

sections.register("stakeholders.intake")(
    Section(gettext_lazy("Intake and shared goal"), "stakeholders:intake", "stakeholders.view_goal")
)
sections.register("stakeholders.register")(
    Section(gettext_lazy("Stakeholders"), "stakeholders:register", "stakeholders.view_register")
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
                reverse("stakeholders:register", args=[trajectory.pk]),
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
