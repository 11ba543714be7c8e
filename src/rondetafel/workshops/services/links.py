"""Invitation links that fix the side of whoever joins through them."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rondetafel.trajectories.constants import Side

from ..models import (
    Workshop,
)

SIDE_LINK_SALT = "rondetafel.workshops.side-link"


def side_link_token(*, workshop: Workshop, side: str) -> str:
    """A signed token that fixes the side of whoever joins through it (an invitation link per
    side: residents get the residents' link)."""
    if side not in Side.values:
        raise ValidationError(_("Choose the side you are here for."))
    return signing.dumps({"w": str(workshop.pk), "s": side}, salt=SIDE_LINK_SALT, compress=True)


def side_from_token(*, workshop: Workshop, token: str) -> str | None:
    try:
        data = signing.loads(token, salt=SIDE_LINK_SALT)
    except signing.BadSignature:
        return None
    if data.get("w") != str(workshop.pk) or data.get("s") not in Side.values:
        return None
    return data["s"]
