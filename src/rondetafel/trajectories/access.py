"""Who may see what of a trajectory: one rule for pages, the API and other apps' views.

An unknown trajectory is a 404; a known one without the permission is a 403 (the message says
so, without telling what is there)."""

from __future__ import annotations

from functools import wraps
from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from . import selectors


def trajectory_for(user, trajectory_id, perm: str):
    """The trajectory, if `user` holds `perm` on it; Http404 or PermissionDenied otherwise."""
    trajectory = selectors.trajectory_get(trajectory_id=trajectory_id)
    if trajectory is None:
        raise Http404(_("This trajectory does not exist."))
    if not user.has_perm(perm, trajectory):
        raise PermissionDenied(_("You do not have access to this part of the trajectory."))
    return trajectory


def party_in(trajectory, party_id: UUID | None):
    """The party of this trajectory with `party_id` (None for None); a ValidationError on
    `party_id` when it belongs elsewhere or nowhere."""
    if party_id is None:
        return None
    party = selectors.party_get(trajectory=trajectory, party_id=party_id)
    if party is None:
        raise ValidationError({"party_id": _("This party does not belong to this trajectory.")})
    return party


def trajectory_view(perm: str):
    """A page of a trajectory: log-in required, then `trajectory_for`. The view receives the
    trajectory instead of its id."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, trajectory_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            trajectory = trajectory_for(request.user, trajectory_id, perm)
            return view(request, trajectory, *args, **kwargs)

        wrapper.required_permission = perm  # pages that link here ask it (may_open)
        return wrapper

    return decorator
