"""The partial update every service does the same way."""

from __future__ import annotations

from typing import Any


def apply_changes(instance, data: dict[str, Any], fields) -> list[str]:
    """Set each of `fields` that `data` holds with a new value; return the names changed (for
    `save(update_fields=...)` and the audit entry). A null for a text field that cannot be null
    clears it (the API's PATCH may send `"description": null`; the database would refuse it)."""
    changed = []
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        if value is None and _text_not_null(instance, field):
            value = ""
        if getattr(instance, field, None) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def _text_not_null(instance, name: str) -> bool:
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.CharField | models.TextField) and not field.null
