"""One way to write an audit entry about a trajectory: every app's services use it, so the
scope the trajectory's audit page reads is built in one place."""

from __future__ import annotations

from rondetafel.core.audit import audit_record


def trajectory_scope(trajectory) -> str:
    """The audit scope of a trajectory (the model or its id)."""
    return f"trajectory:{getattr(trajectory, 'pk', trajectory)}"


def audit(action: str, *, actor, obj=None, trajectory, **data):
    """Record `action` on `obj` by `actor` in the trajectory's audit trail."""
    return audit_record(
        action=action, actor=actor, obj=obj, scope=trajectory_scope(trajectory), data=data
    )
