"""An answer as a phone sends it (the fields of its form), turned into the value the activity
type judges. The same parsing serves the form posted over HTTP and the form's fields sent over
the WebSocket, so both paths accept exactly the same answers."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict

MAX_FIELDS = 64  # a form on a phone has at most a few dozen fields
MAX_VALUES = 16  # values per field (several choices)


def fields_from_message(raw) -> MultiValueDict | None:
    """A WebSocket message's `form` ({name: [values]}) as the form's fields, or None when it is
    not shaped like a form (the consumer answers with an error frame)."""
    if not isinstance(raw, dict) or len(raw) > MAX_FIELDS:
        return None
    fields = MultiValueDict()
    for name, values in raw.items():
        values = values if isinstance(values, list) else [values]
        if len(values) > MAX_VALUES or not all(isinstance(v, str) for v in values):
            return None
        fields.setlist(str(name), values)
    return fields


def value_from_fields(activity, fields):
    """The answer as the activity's type expects it; the type itself judges whether it is
    valid."""
    return activity.type.value_from_fields(activity, fields)
