import rules

from rondetafel.trajectories.rules import is_facilitator, is_facilitator_or_client, is_member

rules.add_perm("stakeholders.view_register", is_facilitator_or_client)
rules.add_perm("stakeholders.manage", is_facilitator)
rules.add_perm("stakeholders.view_intakes", is_facilitator_or_client)
rules.add_perm("stakeholders.view_goal", is_member)
rules.add_perm("stakeholders.view_common_ground", is_member)
