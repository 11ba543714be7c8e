"""What the agreement work has produced, for the trajectory's progress page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.trajectories.decisions import DecisionDraft, decision_feeds
from rondetafel.trajectories.progress import Section, StepOutput, sections, step_outputs
from rondetafel.trajectories.tasks import Task, task_providers

sections.register("agreements")(
    Section(gettext_lazy("Agreements"), "agreements:list", "agreements.view")
)


@step_outputs.register("agreements")
def agreement_outputs(trajectory) -> list[StepOutput]:
    from .constants import ProposalStatus
    from .models import Proposal, Version

    outputs = []
    for version in (
        Version.objects.filter(agreement__trajectory=trajectory)
        .select_related("agreement")
        .order_by("agreement__title", "number")
    ):
        url = reverse("agreements:version", args=[trajectory.pk, version.pk])
        outputs.append(
            StepOutput(
                4,
                _("%(title)s, version %(n)d: %(status)s")
                % {
                    "title": version.title,
                    "n": version.number,
                    "status": version.get_status_display().lower(),
                },
                url,
            )
        )
    decided = (
        Proposal.objects.filter(version__agreement__trajectory=trajectory)
        .exclude(status=ProposalStatus.OPEN)
        .count()
    )
    if decided:
        outputs.append(
            StepOutput(
                4,
                _("%(n)d proposals decided") % {"n": decided},
                reverse("agreements:list", args=[trajectory.pk]),
            )
        )
    return outputs


@task_providers.register("agreements.to_review")
def articles_to_review(user, trajectory) -> list[Task]:
    """A version in review with articles this person has not given a verdict on yet."""
    from django.db.models import Count, Q
    from django.utils.translation import ngettext

    from .constants import VersionStatus
    from .models import Version

    if not user.is_authenticated or not user.has_perm("agreements.review", trajectory):
        return []
    tasks = []
    for version in Version.objects.filter(
        agreement__trajectory=trajectory, status=VersionStatus.IN_REVIEW
    ).annotate(
        articles=Count("sections__articles", distinct=True),
        mine=Count(
            "sections__articles__verdicts",
            filter=Q(sections__articles__verdicts__user=user),
            distinct=True,
        ),
    ):
        left = version.articles - version.mine
        if left > 0:
            tasks.append(
                Task(
                    _("Review %(title)s") % {"title": version.title},
                    reverse("agreements:version", args=[trajectory.pk, version.pk]),
                    ngettext(
                        "%(n)d article still waits for your verdict.",
                        "%(n)d articles still wait for your verdict.",
                        left,
                    )
                    % {"n": left},
                )
            )
    return tasks


@decision_feeds.register("agreement.proposal_decided")
def proposal_decided(entry) -> DecisionDraft | None:
    """An amendment adopted or rejected, with its tally per side and the reason."""
    from .models import Proposal, Support

    proposal = (
        Proposal.objects.filter(pk=entry.object_id)
        .select_related("version__agreement", "article")
        .first()
    )
    if proposal is None:
        return None
    version = proposal.version
    totals = {k: 0 for k in ("agree", "stand_aside", "object", "block")}
    for counts in (proposal.tally or {}).values():
        for key in totals:
            totals[key] += int(counts.get(key, 0))
    basis = _(
        "%(method)s: %(agree)d agree, %(stand_aside)d stand aside, %(object)d object, "
        "%(block)d block"
    ) % {"method": proposal.get_decision_method_display(), **totals}
    if proposal.decision_reason:
        basis += ". " + proposal.decision_reason
    where = str(proposal.article) if proposal.article_id else proposal.heading
    title = _("Proposal on “%(where)s” (%(kind)s): %(outcome)s") % {
        "kind": proposal.get_kind_display().lower(),
        "where": where or version.title,
        "outcome": proposal.get_status_display().lower(),
    }
    contributors = {
        proposal.proposed_by_id,
        *Support.objects.filter(proposal=proposal).values_list("user_id", flat=True),
    }
    return DecisionDraft(
        trajectory_id=version.agreement.trajectory_id,
        source_key=f"proposal:{proposal.pk}",
        title=title,
        decided_by=_("The table of %(agreement)s") % {"agreement": version.agreement.title},
        decided_on=entry.created_at.date(),
        basis=basis,
        consequences=_("Taken into the next version of the agreement.")
        if proposal.status == "adopted"
        else "",
        source_label=f"{version.title}, v{version.number}",
        source_url=reverse(
            "agreements:version", args=[version.agreement.trajectory_id, version.pk]
        ),
        contributor_ids=[c for c in contributors if c],
    )
