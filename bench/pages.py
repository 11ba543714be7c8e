"""Benchmark: server time and query count of the trajectory list and overview.

Baseline: the same pages with the demo as shipped (2 trajectories, 45 people).
Scaled: the demo plus 200 trajectories and 5,000 people, the facilitator in all of them.

    .venv/bin/python bench/pages.py [--runs 30]
"""

from __future__ import annotations

import argparse

from _common import measure, report, setup_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--trajectories", type=int, default=200)
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()

    client, facilitator = setup_demo()
    from django.urls import reverse

    from rondetafel.accounts.models import User
    from rondetafel.demo.builder import DORDRECHT_TITLE
    from rondetafel.trajectories.models import Membership, Trajectory
    from tests.scale import scale_up

    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    pages = {
        "trajectory list": reverse("trajectories:list"),
        "trajectory overview": reverse("trajectories:detail", args=[dordrecht.pk]),
    }
    baseline = {name: measure(client, url, args.runs) for name, url in pages.items()}
    scale_up(facilitator=facilitator, trajectories=args.trajectories, people=args.people)
    scaled = {name: measure(client, url, args.runs) for name, url in pages.items()}
    sizes = f"{Trajectory.objects.count()} trajectories, {User.objects.count()} people, {Membership.objects.count()} memberships"
    report(pages, baseline, scaled, sizes)


if __name__ == "__main__":
    main()
