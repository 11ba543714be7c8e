from datetime import date

import pytest
from django.core.exceptions import ValidationError

from rondetafel.core.audit import audit_verify
from rondetafel.core.models import AuditEntry
from rondetafel.trajectories import services
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.models import Membership, Party, Trajectory

pytestmark = pytest.mark.django_db


class TrajectoryCreateTests:
    def test_creates_five_steps_and_makes_the_creator_facilitator(self, world):
        t = world.trajectory
        assert list(t.steps.values_list("number", "status")) == [
            (n, "not_started") for n in range(1, 6)
        ]
        assert Membership.objects.get(trajectory=t, user=world.users["facilitator"]).role == (
            Role.FACILITATOR
        )
        assert AuditEntry.objects.filter(action="trajectory.created").count() == 2
        assert audit_verify().ok

    def test_end_before_start_is_refused_and_nothing_is_saved(self, world):
        before = Trajectory.objects.count()
        with pytest.raises(ValidationError):
            services.trajectory_create(
                created_by=world.users["facilitator"],
                title="x",
                question="y",
                starts_on=date(2027, 1, 2),
                ends_on=date(2027, 1, 1),
            )
        assert Trajectory.objects.count() == before

    def test_oversized_title_is_refused(self, world):
        with pytest.raises(ValidationError) as exc:
            services.trajectory_create(
                created_by=world.users["facilitator"], title="x" * 201, question="y"
            )
        assert "title" in exc.value.error_dict


class PartyTests:
    def test_same_name_twice_in_one_trajectory_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.party_create(
                trajectory=world.trajectory, actor=None, name="Gemeente", side=Side.MUNICIPALITY
            )
        assert Party.objects.filter(trajectory=world.trajectory).count() == 1

    def test_unknown_side_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.party_create(trajectory=world.trajectory, actor=None, name="X", side="aliens")

    def test_party_of_another_trajectory_cannot_be_linked(self, world):
        foreign = services.party_create(
            trajectory=world.other_trajectory, actor=None, name="Elders", side=Side.OTHER
        )
        with pytest.raises(ValidationError):
            services.membership_update(
                membership=world.memberships["participant"],
                actor=world.users["facilitator"],
                party=foreign,
            )


class MembershipTests:
    def test_the_last_facilitator_cannot_leave_or_be_demoted(self, world):
        membership = world.memberships["facilitator"]
        with pytest.raises(ValidationError):
            services.membership_remove(membership=membership, actor=world.users["facilitator"])
        with pytest.raises(ValidationError):
            services.membership_update(
                membership=membership, actor=world.users["facilitator"], role=Role.OBSERVER
            )
        membership.refresh_from_db()
        assert membership.role == Role.FACILITATOR

    def test_a_second_facilitator_lets_the_first_step_back(self, world):
        services.membership_update(
            membership=world.memberships["client"],
            actor=world.users["facilitator"],
            role=Role.FACILITATOR,
        )
        services.membership_update(
            membership=world.memberships["facilitator"],
            actor=world.users["facilitator"],
            role=Role.OBSERVER,
        )
        assert not world.users["facilitator"].has_perm(
            "trajectories.change_trajectory", world.trajectory
        )

    def test_role_change_takes_effect_for_permissions(self, world):
        user = world.users["participant"]
        assert not user.has_perm("trajectories.change_trajectory", world.trajectory)
        services.membership_update(
            membership=world.memberships["participant"],
            actor=world.users["facilitator"],
            role=Role.FACILITATOR,
        )
        assert user.has_perm("trajectories.change_trajectory", world.trajectory)
