import rules

from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.rules import _role_in, is_facilitator, is_member

can_review = _role_in(Role.PARTICIPANT, Role.CLIENT, Role.FACILITATOR)

rules.add_perm("agreements.view", is_member)
rules.add_perm("agreements.manage", is_facilitator)
rules.add_perm("agreements.review", can_review)
