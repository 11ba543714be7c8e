import rules

from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.rules import is_facilitator, is_member, role_in

can_review = role_in(Role.PARTICIPANT, Role.CLIENT, Role.FACILITATOR)

rules.add_perm("agreements.view", is_member)
rules.add_perm("agreements.manage", is_facilitator)
rules.add_perm("agreements.review", can_review)
