"""The console's commands for a sub-session round."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rondetafel.trajectories.access import trajectory_view

from .. import services
from .common import (
    block_or_404,
    console_action,
    participant_in,
    uuid_or_none,
)


@require_POST
@trajectory_view("workshops.run")
def groups(request, trajectory, workshop_id, block_id):
    """One form target for the round's commands: define, host, pair, assign, move, publish."""

    def command(workshop):
        block = block_or_404(workshop, block_id)
        post = request.POST
        action = post.get("command", "")
        if action == "define":
            services.subgroups_define(
                block=block, actor=request.user, topics_text=post.get("topics", "")
            )
        elif action == "host":
            subgroup = block.subgroups.filter(pk=uuid_or_none(post.get("subgroup"))).first()
            if subgroup is None:
                raise ValidationError(_("This group does not exist."))
            services.subgroup_set_host(
                subgroup=subgroup,
                actor=request.user,
                participant=participant_in(workshop, uuid_or_none(post.get("participant"))),
            )
        elif action == "pair":
            first = participant_in(workshop, uuid_or_none(post.get("first")))
            second = participant_in(workshop, uuid_or_none(post.get("second")))
            if first is None or second is None:
                raise ValidationError(_("Choose two different people."))
            services.pair_rule_add(
                block=block,
                actor=request.user,
                first=first,
                second=second,
                together=post.get("together") == "1",
            )
        elif action == "assign":
            outcome = services.groups_assign(block=block, actor=request.user)
            messages.success(
                request,
                _(
                    "The groups have been made. Largest gap between a group and the room: %(gap)d percentage points."
                )
                % {"gap": round(100 * outcome["largest_gap"])},
            )
        elif action == "move":
            subgroup = block.subgroups.filter(pk=uuid_or_none(post.get("subgroup"))).first()
            participant = participant_in(workshop, uuid_or_none(post.get("participant")))
            if subgroup is None or participant is None:
                raise ValidationError(_("This person or group is not part of this round."))
            services.group_move(
                block=block, actor=request.user, participant=participant, subgroup=subgroup
            )
        elif action == "publish":
            services.groups_publish(block=block, actor=request.user)
            messages.success(
                request, _("The groups are published: everyone sees their group and topic.")
            )
        else:
            raise ValidationError(_("Unknown command."))

    return console_action(request, trajectory, workshop_id, command)
