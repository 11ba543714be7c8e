"""`{% include activity|activity_template:"phone" %}`: the template of a part of an activity,
chosen by its type (templates never branch on the kind)."""

from django import template

register = template.Library()


@register.filter
def activity_template(activity, part: str) -> str:
    return activity.type.template(part)
