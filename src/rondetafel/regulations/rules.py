import rules

from rondetafel.trajectories.constants import Role
from rondetafel.trajectories.rules import (
    is_facilitator,
    is_facilitator_or_client,
    is_member,
    role_in,
)

rules.add_perm("regulations.view", is_member)
rules.add_perm("regulations.manage", is_facilitator)
# Those at the table judge the rules; the facilitator stays neutral, observers read along.
rules.add_perm("regulations.assess", role_in(Role.CLIENT, Role.PARTICIPANT))
rules.add_perm("regulations.challenge", role_in(Role.CLIENT, Role.PARTICIPANT, Role.FACILITATOR))
# The municipality decides on a right-to-challenge request: its client and the facilitator.
rules.add_perm("regulations.decide_challenge", is_facilitator_or_client)
