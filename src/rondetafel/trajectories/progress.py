"""What each method step has produced so far. Every capability registers a provider that
returns the outputs it contributes to a step; the progress page shows them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from rondetafel.core.registry import Registry

from .constants import Role, StepStatus


@dataclass(frozen=True)
class StepOutput:
    step: int
    label: str
    url: str = ""
    # This output is what the step exists to produce (a goal every party agreed to, a signed
    # agreement): with it the step is done. Any output at all means the step has started.
    completes: bool = False


StepOutputProvider = Callable[["Trajectory"], list[StepOutput]]  # noqa: F821
step_outputs: Registry[StepOutputProvider] = Registry("step outputs")


@step_outputs.register("trajectories.people")
def people_at_the_table(trajectory) -> list[StepOutput]:
    from .models import Membership, Party

    parties = Party.objects.filter(trajectory=trajectory).aggregate(
        n=Count("id"), sides=Count("side", distinct=True)
    )
    people = Membership.objects.filter(trajectory=trajectory).aggregate(
        n=Count("id"), participants=Count("id", filter=Q(role=Role.PARTICIPANT))
    )
    if not parties["n"] and not people["n"]:
        return []
    label = ngettext(
        "%(n)d party from %(sides)d sides at the table",
        "%(n)d parties from %(sides)d sides at the table",
        parties["n"],
    ) % {"n": parties["n"], "sides": parties["sides"]}
    label += "; " + ngettext("%(n)d person involved", "%(n)d people involved", people["n"]) % {
        "n": people["n"]
    }
    label += (
        " ("
        + ngettext("%(p)d participant", "%(p)d participants", people["participants"])
        % {"p": people["participants"]}
        + ")"
    )
    return [
        StepOutput(step=1, label=label, url=reverse("trajectories:people", args=[trajectory.pk]))
    ]


@dataclass(frozen=True)
class Section:
    """A part of a trajectory that another app provides, linked from its overview."""

    label: str
    url_name: str
    permission: str


sections: Registry[Section] = Registry("trajectory sections")


def sections_for(user, trajectory) -> list[tuple[str, str]]:
    return [
        (str(section.label), reverse(section.url_name, args=[trajectory.pk]))
        for _key, section in sections.items()
        if user.has_perm(section.permission, trajectory)
    ]


def outputs_by_step(trajectory) -> dict[int, list[StepOutput]]:
    result: dict[int, list[StepOutput]] = {n: [] for n in range(1, 6)}
    for _key, provider in step_outputs.items():
        for output in provider(trajectory):
            result[output.step].append(output)
    return result


def derived_status(outputs: list[StepOutput]) -> str:
    """A step's status as its outputs show it: done when one completes it, in progress when
    it has produced anything, not started otherwise."""
    if any(o.completes for o in outputs):
        return StepStatus.DONE
    return StepStatus.IN_PROGRESS if outputs else StepStatus.NOT_STARTED
