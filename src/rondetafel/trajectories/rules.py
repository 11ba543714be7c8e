"""Who may do what in a trajectory. Every view, API endpoint and (later) WebSocket message asks
``user.has_perm(<perm>, trajectory)``; these predicates are the only place that decides."""

import rules

from .constants import Role

_CACHE_ATTR = "_rondetafel_roles"


def roles_of(user) -> dict:
    """{trajectory_id: role} for this user, fetched once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("trajectory_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_in(*roles):
    """A predicate: the user holds one of `roles` in the trajectory (other apps build theirs)."""

    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user, trajectory):
        if trajectory is None:
            return False
        return roles_of(user).get(trajectory.pk) in roles

    return predicate


is_member = role_in(Role.FACILITATOR, Role.CLIENT, Role.PARTICIPANT, Role.OBSERVER)
is_facilitator = role_in(Role.FACILITATOR)
is_facilitator_or_client = role_in(Role.FACILITATOR, Role.CLIENT)


@rules.predicate
def facilitates_anything(user):
    return Role.FACILITATOR in roles_of(user).values()


rules.add_perm("trajectories.add_trajectory", rules.is_staff | facilitates_anything)
rules.add_perm("trajectories.view_trajectory", is_member)
rules.add_perm("trajectories.change_trajectory", is_facilitator)
rules.add_perm("trajectories.manage_parties", is_facilitator)
rules.add_perm("trajectories.manage_members", is_facilitator)
rules.add_perm("trajectories.view_member_contacts", is_facilitator_or_client)
# Who sits at the table by name: those who work at it. Observers (council, press, the public)
# see the parties and how many people each brings.
rules.add_perm(
    "trajectories.view_member_names",
    role_in(Role.FACILITATOR, Role.CLIENT, Role.PARTICIPANT),
)
rules.add_perm("trajectories.view_audit_log", is_facilitator_or_client)
