import rules

from rondetafel.trajectories.rules import is_facilitator, is_member

rules.add_perm("workshops.view", is_member)
rules.add_perm("workshops.run", is_facilitator)
