"""Benchmark: the stakeholder register, grid and network pages at scale.

Baseline: the Dordrecht demo register as shipped (28 stakeholders, 56 assessments).
Scaled: 2,000 more stakeholders with 10,000 assessments (5 each) and 3,000 relationships.

    .venv/bin/python bench/stakeholders.py [--runs 15]
"""

from __future__ import annotations

import argparse

from _common import measure, report, setup_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--stakeholders", type=int, default=2000)
    parser.add_argument("--assessments-each", type=int, default=5)
    parser.add_argument("--relationships", type=int, default=3000)
    args = parser.parse_args()

    client, _facilitator = setup_demo()
    from django.urls import reverse

    from rondetafel.demo.builder import DORDRECHT_TITLE
    from rondetafel.stakeholders.models import Assessment, Relationship, Stakeholder
    from rondetafel.trajectories.models import Trajectory
    from tests.scale import scale_stakeholders

    dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
    pages = {
        name: reverse(f"stakeholders:{name}", args=[dordrecht.pk])
        for name in ("register", "grid", "network", "salience", "common_ground")
    }
    baseline = {name: measure(client, url, args.runs) for name, url in pages.items()}
    scale_stakeholders(
        trajectory=dordrecht,
        stakeholders=args.stakeholders,
        assessments_each=args.assessments_each,
        relationships=args.relationships,
    )
    scaled = {name: measure(client, url, args.runs) for name, url in pages.items()}
    in_dordrecht = {"stakeholder__trajectory": dordrecht}
    sizes = f"{Stakeholder.objects.filter(trajectory=dordrecht).count()} stakeholders, {Assessment.objects.filter(**in_dordrecht).count()} assessments, {Relationship.objects.filter(trajectory=dordrecht).count()} relationships in one trajectory"
    report(pages, baseline, scaled, sizes)


if __name__ == "__main__":
    main()
