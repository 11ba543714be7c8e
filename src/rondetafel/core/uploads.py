"""Upload, then preview: the first half of every import (an agreement document, a stakeholder
register). The file is parsed and kept by the app's service; the person who uploaded it then
sees a preview of what would be stored, and only then stores it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import errors_onto_form

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def upload_step(
    request, *, form_class, keep: Callable[[str, bytes], str], template: str, context: dict
) -> HttpResponse:
    """A file form. On a valid post, `keep(filename, content)` parses and stores the upload
    and returns the preview's URL; a refusal (too large, unreadable) lands on the form."""
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError({"file": _("The file is larger than 10 MB.")})
            preview_url = keep(upload.name, upload.read())
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            return redirect(preview_url)
    return render(request, template, {**context, "form": form})


def own_upload(model, *, trajectory, pk, user):
    """An upload kept for its preview, only for the person who uploaded it."""
    upload = model.objects.filter(trajectory=trajectory, pk=pk, uploaded_by=user).first()
    if upload is None:
        raise Http404(_("This upload does not exist (any more)."))
    return upload
