import rules

from rondetafel.trajectories.rules import is_facilitator, is_member

rules.add_perm("signing.view", is_member)
rules.add_perm("signing.manage", is_facilitator)
