"""Reads. Each list is built in a fixed number of queries, whatever its length."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from rondetafel.accounts.models import ErasureRequest
from rondetafel.core.models import AuditEntry

from .constants import Role, Side
from .models import Invitation, Membership, Party, Trajectory, TrajectoryStep
from .progress import derived_status, outputs_by_step


def trajectory_list(*, user, search: str = "", status: str = ""):
    """The trajectories this person takes part in, with counts for the list page; `search` in
    the title or question (taken literally: % and _ are no wildcards), `status` one of them."""
    if not user.is_authenticated:
        return Trajectory.objects.none()
    mine = Trajectory.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("trajectory_id")
    )
    if search:
        mine = mine.filter(Q(title__icontains=search) | Q(question__icontains=search))
    if status:
        mine = mine.filter(status=status)
    return mine.annotate(
        party_count=_count_per_trajectory(Party.objects.all()),
        people_count=_count_per_trajectory(Membership.objects.all()),
        steps_done=_count_per_trajectory(TrajectoryStep.objects.filter(status="done")),
    ).order_by("title")


def _count_per_trajectory(queryset):
    """A correlated count: joining three relations at once would multiply the rows."""
    counted = (
        queryset.filter(trajectory=OuterRef("pk"))
        .order_by()
        .values("trajectory")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def trajectory_get(*, trajectory_id) -> Trajectory | None:
    return Trajectory.objects.filter(pk=trajectory_id).first()


def trajectory_overview(*, trajectory: Trajectory) -> dict:
    steps = list(TrajectoryStep.objects.filter(trajectory=trajectory))
    outputs = outputs_by_step(trajectory)
    for step in steps:
        step.outputs = outputs.get(step.number, [])
        step.derived_status = derived_status(step.outputs)
        if not step.set_by_hand:
            step.status = step.derived_status  # shown, not saved: it follows the work
    parties = list(
        Party.objects.filter(trajectory=trajectory).annotate(people=Count("memberships"))
    )
    facilitators = list(
        Membership.objects.filter(trajectory=trajectory, role=Role.FACILITATOR).select_related(
            "user"
        )
    )
    return {"steps": steps, "parties": parties, "facilitators": facilitators}


def party_list(*, trajectory: Trajectory):
    return Party.objects.filter(trajectory=trajectory).annotate(people=Count("memberships"))


def party_get(*, trajectory: Trajectory, party_id) -> Party | None:
    return Party.objects.filter(trajectory=trajectory, pk=party_id).first()


def membership_list(*, trajectory: Trajectory):
    return Membership.objects.filter(trajectory=trajectory).select_related("user", "party")


def membership_get(*, trajectory: Trajectory, membership_id) -> Membership | None:
    return membership_list(trajectory=trajectory).filter(pk=membership_id).first()


def open_erasure_requests(*, trajectory: Trajectory):
    """Members of this trajectory who asked to be erased, oldest request first."""
    return (
        ErasureRequest.objects.filter(
            carried_out_at__isnull=True, user__memberships__trajectory=trajectory
        )
        .select_related("user")
        .annotate(
            membership_id=Subquery(
                Membership.objects.filter(trajectory=trajectory, user=OuterRef("user_id")).values(
                    "pk"
                )[:1]
            )
        )
        .order_by("requested_at")
    )


def open_erasure_request(*, membership: Membership) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=membership.user, carried_out_at__isnull=True).first()


def open_invitation_list(*, trajectory: Trajectory):
    return Invitation.objects.filter(trajectory=trajectory, accepted_at__isnull=True)


def step_get(*, trajectory: Trajectory, number: int) -> TrajectoryStep | None:
    return TrajectoryStep.objects.filter(trajectory=trajectory, number=number).first()


def audit_entries(*, trajectory: Trajectory):
    """Newest first; the page shows them a page at a time."""
    return (
        AuditEntry.objects.filter(scope=f"trajectory:{trajectory.pk}")
        .select_related("actor")
        .order_by("-sequence")
    )


def parties_with_people(*, trajectory: Trajectory):
    return Party.objects.filter(trajectory=trajectory).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user"))
    )


def side_labels(trajectory: Trajectory | object) -> dict[str, str]:
    """The sides at this trajectory's table, in the fixed order of sides, each named as its
    parties name it (a party's own label wins over the generic name). Every page that names a
    side uses this, so a side is called the same everywhere. Without parties: every side."""
    labels: dict[str, str] = {}
    for side, own in Party.objects.filter(trajectory=trajectory).values_list("side", "side_label"):
        if own and side not in labels:
            labels[side] = own
        labels.setdefault(side, "")
    if not labels:
        return {code: str(label) for code, label in Side.choices}
    generic = dict(Side.choices)
    return {code: labels[code] or str(generic[code]) for code in Side.values if code in labels}
