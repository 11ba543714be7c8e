import rules

from rondetafel.trajectories.rules import is_facilitator, is_member

rules.add_perm("trust.view", is_member)  # figures per side only, never per person
rules.add_perm("trust.manage", is_facilitator)
