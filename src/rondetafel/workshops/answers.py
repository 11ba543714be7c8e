"""A WebSocket message's answer as the fields of a phone's form, so the activity type's
`value_from_fields` parses the posted form and the message alike: both paths accept exactly
the same answers."""

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
