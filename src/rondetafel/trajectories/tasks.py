"""What a person can do next in a trajectory: each capability registers a provider that returns
the open tasks it knows for this person (a goal to sign off, a document to sign, articles to
review); the overview shows them at the top, so nobody has to hunt for what is asked of them.
For the facilitator of a trajectory that has just begun, the first steps of the method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from rondetafel.core.registry import Registry

from .constants import Role


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    why: str = ""  # one line: why this is asked of you


TaskProvider = Callable[["User", "Trajectory"], list[Task]]  # noqa: F821
task_providers: Registry[TaskProvider] = Registry("open tasks")


def open_tasks(user, trajectory) -> list[Task]:
    tasks: list[Task] = []
    for _key, provider in task_providers.items():
        tasks.extend(provider(user, trajectory))
    return tasks


@task_providers.register("trajectories.first_steps")
def first_steps(user, trajectory) -> list[Task]:
    """A new trajectory: what the facilitator does first, in the method's order (at most the
    next two, so the list guides instead of overwhelming)."""
    if not user.has_perm("trajectories.change_trajectory", trajectory):
        return []
    tasks = []
    if not trajectory.parties.exists():
        tasks.append(
            Task(
                _("Add the parties at the table"),
                reverse("trajectories:parties", args=[trajectory.pk]),
                _("Each party sits on a side: municipality, market, residents, …"),
            )
        )
    if not trajectory.memberships.exclude(role=Role.FACILITATOR).exists():
        tasks.append(
            Task(
                _("Invite the people of each party"),
                reverse("trajectories:invite", args=[trajectory.pk]),
                _("They take part in the intake, review and signing with their own account."),
            )
        )
    return tasks[:2]
