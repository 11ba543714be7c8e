"""Everything the platform holds about one person, as a ZIP of JSON and their documents (AVG/GDPR
article 15, the right of access).

The rows are found by walking the models, not by a list kept by hand, so a model added later is
in the export the day it lands: every row whose foreign key points at the person, and every row
that points at one of those rows when that row stands for the person (their memberships, their
identities on phones, their signatures). Hashes of secrets (passwords, tokens, codes) are left
out: they are no information about the person, and a copy is a risk. Apps add documents (the
signed PDFs) through `document_sources`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

# Rows that stand for the person in one place: rows pointing at them are the person's too.
STANDS_FOR_THE_PERSON = {
    "trajectories.membership",
    "workshops.participant",
    "signing.signatory",
}
# Never exported: hashes of secrets, secrets themselves (the authenticator key), and the session
# store.
SECRET_FIELDS = {"password", "token_hash", "key_hash", "code_hash", "secret_hash", "key"}
SKIPPED_MODELS = {"sessions.session", "axes.accessattempt", "axes.accessfailurelog"}

# Each app replaces the copies of a person's name, address and traces it holds, when the person
# is erased: handler(user, pseudonym, old_email), inside the erasing transaction.
erasure_handlers: list[Callable[[object, str, str], None]] = []

# Sentences for the erasure page about what an app keeps unchanged for the person (the signed
# documents): explain(user) -> list of translated sentences.
erasure_explanations: list[Callable[[object], list[str]]] = []

# (file name, bytes) for each document an app holds for the person; registered in AppConfig.ready.
document_sources: list[Callable[[object], Iterable[tuple[str, bytes]]]] = []


def erasure_explanations_for(user) -> list[str]:
    return [sentence for explain in erasure_explanations for sentence in explain(user)]


def _row(instance: models.Model) -> dict:
    row = {"id": str(instance.pk)}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.primary_key:
            continue
        value = field.value_from_object(instance)
        if isinstance(value, bytes | memoryview):
            value = f"({len(bytes(value))} bytes, in documents/ where it is a document)"
        row[field.name] = value
    return row


def _pointing_at(model, target) -> list[models.ForeignKey]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is target
    ]


def records(user) -> dict[str, list[dict]]:
    """`app_label.model` -> the rows about the person."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found: dict[str, list[dict]] = {}
    standing_for: dict[type, list] = {}
    candidates = [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED_MODELS]
    for model in candidates:
        if model is user_model:
            continue
        fields = _pointing_at(model, user_model)
        many = [f for f in model._meta.many_to_many if f.related_model is user_model]
        if not fields and not many:
            continue
        query = models.Q()
        for field in fields:
            query |= models.Q(**{field.name: user})
        for field in many:
            query |= models.Q(**{field.name: user})
        rows = list(model._base_manager.filter(query).distinct())
        if rows:
            found[model._meta.label_lower] = [_row(r) for r in rows]
        if model._meta.label_lower in STANDS_FOR_THE_PERSON and rows:
            standing_for[model] = rows
    for target, own in standing_for.items():
        for model in candidates:
            for field in _pointing_at(model, target):
                rows = list(model._base_manager.filter(**{f"{field.name}__in": own}))
                if rows:
                    found.setdefault(model._meta.label_lower, []).extend(_row(r) for r in rows)
    return dict(sorted(found.items()))


def export_zip(user) -> bytes:
    """The ZIP a person downloads: account.json, records/<model>.json, documents/…"""
    account = {
        "full_name": user.full_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "exported_at": timezone.now(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", _json(account))
        for label, rows in records(user).items():
            archive.writestr(f"records/{label}.json", _json(rows))
        names = set()
        for source in document_sources:
            for name, content in source(user):
                unique, n = name, 1
                while unique in names:  # two documents with one title
                    n += 1
                    unique = name.replace(".pdf", f" ({n}).pdf")
                names.add(unique)
                archive.writestr(f"documents/{unique}", content)
    return buffer.getvalue()


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True)
