"""Every write of a live session, by audience and sub-domain:

- `sessions`: the facilitator's session, agenda and activities;
- `participation`: joining and answering (one at a time, or in batches);
- `contributions`: statements, questions and ideas from the room, and their moderation;
- `rounds`: sub-session rounds and their groups;
- `links`: invitation links per side.

An activity type's own commands (an idea board's themes) live with the type, in
`workshops.activities`. Changes are announced through `workshops.events`.
"""

from ..activities.ideas import idea_cluster, ideas_phase, themes_add
from .contributions import statement_moderate, statement_submit
from .design import (
    activities_reorder,
    activity_move,
    activity_remove,
    activity_update,
    block_move,
    block_remove,
    block_update,
    blocks_reorder,
    workshop_duplicate,
    workshop_from_method,
)
from .links import side_from_token, side_link_token
from .participation import (
    Vote,
    VoteResult,
    open_for,
    participant_join,
    respond,
    respond_many,
    vote_from_form,
)
from .rounds import (
    group_move,
    groups_assign,
    groups_publish,
    pair_rule_add,
    preference_set,
    subgroup_set_host,
    subgroups_define,
)
from .sessions import (
    STATUS_TRANSITIONS,
    activity_add,
    activity_advance,
    activity_command,
    activity_record_outcome,
    activity_refresh_analysis,
    activity_set_status,
    activity_show_results,
    block_add,
    block_end,
    block_start,
    new_join_code,
    workshop_create,
    workshop_set_status,
)

__all__ = [
    "STATUS_TRANSITIONS",
    "activities_reorder",
    "activity_move",
    "activity_remove",
    "activity_update",
    "block_move",
    "block_remove",
    "block_update",
    "blocks_reorder",
    "workshop_duplicate",
    "workshop_from_method",
    "Vote",
    "VoteResult",
    "activity_add",
    "activity_advance",
    "activity_command",
    "activity_record_outcome",
    "activity_refresh_analysis",
    "activity_set_status",
    "activity_show_results",
    "block_add",
    "block_end",
    "block_start",
    "group_move",
    "groups_assign",
    "groups_publish",
    "idea_cluster",
    "ideas_phase",
    "new_join_code",
    "open_for",
    "pair_rule_add",
    "participant_join",
    "preference_set",
    "respond",
    "respond_many",
    "side_from_token",
    "side_link_token",
    "statement_moderate",
    "statement_submit",
    "subgroup_set_host",
    "subgroups_define",
    "themes_add",
    "vote_from_form",
    "workshop_create",
    "workshop_set_status",
]
