import rules

from rondetafel.trajectories.rules import is_facilitator

rules.add_perm("review.manage", is_facilitator)
