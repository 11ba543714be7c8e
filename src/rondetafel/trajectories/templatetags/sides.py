"""`{% side_name side trajectory %}`: a side as this trajectory's parties name it, the same on
every page (trajectories.selectors.side_labels)."""

from django import template

from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.selectors import side_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def side_name(context, side: str, trajectory=None) -> str:
    if trajectory is None:
        return str(dict(Side.choices).get(side, side))
    cache = context.render_context.setdefault("side_labels", {})
    if trajectory.pk not in cache:
        cache[trajectory.pk] = side_labels(trajectory)
    return cache[trajectory.pk].get(side) or str(dict(Side.choices).get(side, side))
