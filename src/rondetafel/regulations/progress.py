"""Rules on the trajectory's overview; what the right to challenge asks of the municipality."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

sections.register("regulations")(
    Section(
        gettext_lazy("Rules and the minimal framework"), "regulations:index", "regulations.view"
    )
)
sections.register("challenges")(
    Section(gettext_lazy("Right to challenge"), "regulations:challenges", "regulations.view")
)


@task_providers.register("regulations.challenges_due")
def challenges_due(user, trajectory) -> list[Task]:
    """The reminder to the municipality: each open request, with the days left to decide."""
    if not user.has_perm("regulations.decide_challenge", trajectory):
        return []
    from . import selectors

    today = timezone.localdate()
    tasks = []
    for request in selectors.challenges_due(trajectory)[:5]:
        days = (request.decision_due - today).days
        why = (
            ngettext(
                "Decide within %(n)d day, by %(date)s.",
                "Decide within %(n)d days, by %(date)s.",
                days,
            )
            if days >= 0
            else ngettext(
                "The decision is %(n)d day late (due %(date)s).",
                "The decision is %(n)d days late (due %(date)s).",
                -days,
            )
        ) % {"n": abs(days), "date": request.decision_due.strftime("%d-%m-%Y")}
        tasks.append(
            Task(
                _("Right-to-challenge request: %(task)s") % {"task": request.task[:60]},
                reverse("regulations:challenge", args=[trajectory.pk, request.pk]),
                why,
            )
        )
    return tasks


@task_providers.register("regulations.assess")
def rules_to_assess(user, trajectory) -> list[Task]:
    """Rules in the inventory this person has not assessed yet."""
    if not user.has_perm("regulations.assess", trajectory):
        return []
    from .models import Assessment, Rule

    open_rules = Rule.objects.filter(trajectory=trajectory, removed_at__isnull=True)
    total = open_rules.count()
    if not total:
        return []
    done = Assessment.objects.filter(rule__in=open_rules, user=user).count()
    if done >= total:
        return []
    return [
        Task(
            ngettext(
                "Assess %(n)d rule against the minimal framework",
                "Assess %(n)d rules against the minimal framework",
                total - done,
            )
            % {"n": total - done},
            reverse("regulations:assess_list", args=[trajectory.pk]),
            _("Each side's view decides what stays central and what the neighbourhood takes over."),
        )
    ]


@step_outputs.register("regulations")
def rules_outputs(trajectory) -> list[StepOutput]:
    """Step 4: the rules assessed and decided; the framework they make."""
    from django.db.models import Count, Q

    from .models import ChallengeRequest, Rule

    counts = Rule.objects.filter(trajectory=trajectory, removed_at__isnull=True).aggregate(
        # distinct: the join with the assessments repeats each rule once per assessment
        n=Count("id", distinct=True),
        decided=Count("decision", distinct=True),
        assessed=Count("assessments__rule", distinct=True),
    )
    outputs = []
    if counts["n"]:
        outputs.append(
            StepOutput(
                4,
                _("Minimal framework: %(decided)d of %(n)d rules decided, %(assessed)d assessed")
                % counts,
                reverse("regulations:framework", args=[trajectory.pk]),
            )
        )
    granted = ChallengeRequest.objects.filter(trajectory=trajectory).aggregate(
        n=Count("id"), granted=Count("id", filter=Q(status="granted"))
    )
    if granted["n"]:
        outputs.append(
            StepOutput(
                4,
                _("Right to challenge: %(n)d requests, %(granted)d granted") % granted,
                reverse("regulations:challenges", args=[trajectory.pk]),
            )
        )
    return outputs


@decision_feeds.register("regulations.decided")
def rule_decided(entry) -> DecisionDraft | None:
    """A rule kept, handed over or shared, with the government's role and the reason."""
    from .models import Assessment, Decision

    decision = Decision.objects.filter(rule_id=entry.object_id).select_related("rule").first()
    if decision is None:
        return None
    rule = decision.rule
    return DecisionDraft(
        trajectory_id=rule.trajectory_id,
        # A rule decided again is a new decision: the key carries the entry.
        source_key=f"rule:{rule.pk}:{entry.sequence}",
        title=_("%(rule)s: %(outcome)s")
        % {"rule": rule.title, "outcome": decision.get_outcome_display()},
        decided_by=_("The client, on the assessments of every side"),
        decided_on=entry.created_at.date(),
        basis=decision.reason,
        consequences=decision.conditions
        or _("Government's role: %(role)s") % {"role": decision.get_role_display()},
        source_label=rule.title,
        source_url=reverse("regulations:rule", args=[rule.trajectory_id, rule.pk]),
        contributor_ids=list(
            Assessment.objects.filter(rule=rule, user__isnull=False)
            .values_list("user_id", flat=True)
            .distinct()
        ),
    )
