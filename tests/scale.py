"""Scale the data up quickly (bulk inserts, not the services) for query-count tests and
benchmarks. The demo itself is built through the services; this only adds volume."""

from __future__ import annotations

import uuid

from django.contrib.auth.hashers import make_password

from rondetafel.accounts.models import User
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.models import Membership, Party, Trajectory, TrajectoryStep

SIDES = [s.value for s in Side]


def scale_up(
    *, facilitator: User, trajectories: int, people: int, parties_each: int = 3
) -> list[Trajectory]:
    """Adds ``trajectories`` trajectories facilitated by ``facilitator`` and ``people`` users
    spread over them as participants."""
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"p{i}-{uuid.uuid4().hex[:6]}@scale.example",
            full_name=f"Persoon {i}",
            password=password,
        )
        for i in range(people)
    )
    new = Trajectory.objects.bulk_create(
        Trajectory(
            title=f"Traject {i:04d}", question="Schaal?", status="active", created_by=facilitator
        )
        for i in range(trajectories)
    )
    TrajectoryStep.objects.bulk_create(
        TrajectoryStep(trajectory=t, number=n, status="done" if n < 3 else "not_started")
        for t in new
        for n in range(1, 6)
    )
    parties = Party.objects.bulk_create(
        Party(trajectory=t, name=f"Partij {j}", side=SIDES[j % len(SIDES)])
        for t in new
        for j in range(parties_each)
    )
    Membership.objects.bulk_create(
        Membership(trajectory=t, user=facilitator, role=Role.FACILITATOR) for t in new
    )
    Membership.objects.bulk_create(
        Membership(
            trajectory=new[i % len(new)],
            user=user,
            role=Role.PARTICIPANT,
            party=parties[(i % len(new)) * parties_each + i % parties_each],
        )
        for i, user in enumerate(users)
    )
    return new


def scale_stakeholders(
    *, trajectory, stakeholders: int, assessments_each: int, relationships: int
) -> None:
    """Adds stakeholders with dated assessments (the latest as current) and relationships."""
    import random
    from datetime import date, timedelta

    from rondetafel.stakeholders.models import Assessment, Relationship, Stakeholder

    rng = random.Random(7)  # noqa: S311
    people = Stakeholder.objects.bulk_create(
        Stakeholder(
            trajectory=trajectory,
            name=f"Belanghebbende {i:05d}",
            side=SIDES[i % len(SIDES)],
            kind="organisation",
        )
        for i in range(stakeholders)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            stakeholder=s,
            assessed_on=date(2026, 1, 1) + timedelta(days=30 * k),
            power=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            legitimacy=rng.random() < 0.5,
            urgency=rng.random() < 0.3,
        )
        for s in people
        for k in range(assessments_each)
    )
    for s, latest in zip(
        people, assessments[assessments_each - 1 :: assessments_each], strict=True
    ):
        s.current = latest
    Stakeholder.objects.bulk_update(people, ["current"], batch_size=1000)
    pairs = set()
    while len(pairs) < relationships:
        a, b = rng.sample(range(len(people)), 2)
        pairs.add((a, b))
    Relationship.objects.bulk_create(
        Relationship(
            trajectory=trajectory,
            source=people[a],
            target=people[b],
            kind="influence",
            strength=rng.randint(1, 3),
            positive=rng.random() < 0.8,
        )
        for a, b in pairs
    )
