"""The partial update every service does the same way."""

from __future__ import annotations

from typing import Any


def apply_changes(instance, data: dict[str, Any], fields) -> list[str]:
    """Set each of `fields` that `data` holds with a new value; return the names changed (for
    `save(update_fields=...)` and the audit entry)."""
    changed = []
    for field in fields:
        if field in data and getattr(instance, field, None) != data[field]:
            setattr(instance, field, data[field])
            changed.append(field)
    return changed
