import rules

from rondetafel.trajectories.rules import is_facilitator, is_facilitator_or_client, is_member

# Published reports are for everyone at the table; drafts for the facilitator and the client.
rules.add_perm("reports.view", is_member)
rules.add_perm("reports.view_drafts", is_facilitator_or_client)
rules.add_perm("reports.manage", is_facilitator)
