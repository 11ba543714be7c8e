import rules

from rondetafel.trajectories.rules import is_facilitator, is_member, roles_of

from .constants import OPEN_STATUSES

# Everyone at the table sees the decisions, commitments and the governance of the programme;
# the facilitator keeps the log, gives out commitments and records meetings.
rules.add_perm("governance.view", is_member)
rules.add_perm("governance.manage", is_facilitator)


@rules.predicate
def may_move_commitment(user, commitment) -> bool:
    """Its owner, someone of the owning party, or the facilitator; an open one only."""
    if commitment is None or commitment.status not in OPEN_STATUSES:
        return False
    role = roles_of(user).get(commitment.trajectory_id)
    if role is None:
        return False
    if role == "facilitator":
        return True
    if commitment.owner_id and commitment.owner.user_id == user.pk:
        return True
    if commitment.owner_party_id:
        return commitment.owner_party.memberships.filter(user=user).exists()
    return False


rules.add_perm("governance.move_commitment", may_move_commitment)
