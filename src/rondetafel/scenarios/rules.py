import rules

from rondetafel.trajectories.rules import is_facilitator, is_member

rules.add_perm("scenarios.view", is_member)
rules.add_perm("scenarios.manage", is_facilitator)
