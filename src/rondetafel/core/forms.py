"""Form helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def errors_onto_form(exc: ValidationError, form) -> None:
    """A service's ValidationError shown on the form: field errors at their field (or at the
    top when the form has no such field), other errors at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_errors(form) -> ValidationError:
    """A bound, invalid form's errors as one ValidationError (for views that report them as
    messages rather than next to the fields)."""
    return ValidationError([e for errors in form.errors.values() for e in errors])
