"""Reads for signing: ceremonies, their progress, and what our records say about a file."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import authority, pades, verifier
from .constants import CeremonyStatus
from .models import Ceremony, Signatory


def ceremony_get(*, trajectory, ceremony_id) -> Ceremony | None:
    return (
        Ceremony.objects.select_related("version__agreement", "opened_by")
        .defer("document", "completion_certificate")
        .filter(trajectory=trajectory, pk=ceremony_id)
        .first()
    )


def ceremonies_for(*, trajectory):
    return (
        Ceremony.objects.filter(trajectory=trajectory)
        .select_related("version")
        .defer("document", "completion_certificate")
    )


def live_ceremony_for_version(*, version) -> Ceremony | None:
    return (
        Ceremony.objects.filter(version=version)
        .exclude(status=CeremonyStatus.CANCELLED)
        .defer("document", "completion_certificate")
        .first()
    )


def signatories(*, ceremony):
    return list(Signatory.objects.filter(ceremony=ceremony).select_related("user"))


def signatory_for(*, ceremony, user) -> Signatory | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Signatory.objects.filter(ceremony=ceremony, user=user).first()


@dataclass(frozen=True)
class Progress:
    signed: int
    total: int
    last_name: str
    complete: bool


def progress(*, ceremony) -> Progress:
    people = signatories(ceremony=ceremony)
    signed = [s for s in people if s.signed]
    last = max(signed, key=lambda s: s.signed_at).name if signed else ""
    return Progress(len(signed), len(people), last, ceremony.status == CeremonyStatus.COMPLETE)


@dataclass(frozen=True)
class RecordMatch:
    ceremony: Ceremony | None
    final: bool  # the file is exactly the completed, sealed document
    signatory: Signatory | None  # or the state right after this person's signature


def record_for(sha256: str) -> RecordMatch:
    ceremony = (
        Ceremony.objects.select_related("version")
        .filter(Q(final_sha256=sha256) | Q(original_sha256=sha256))
        .first()
    )
    if ceremony:
        return RecordMatch(ceremony, ceremony.final_sha256 == sha256, None)
    signatory = (
        Signatory.objects.select_related("ceremony__version").filter(sha256_after=sha256).first()
    )
    if signatory:
        return RecordMatch(signatory.ceremony, False, signatory)
    return RecordMatch(None, False, None)


def root_certificate_pem() -> bytes:
    return authority.get().root_pem


def verify(pdf: bytes, roots=None) -> tuple[pades.Report, RecordMatch]:
    """The verdict on the file against our CA (or `roots`), and what our records know."""
    report = verifier.verify(pdf, roots or [authority.get().root.cert_asn1])
    return report, record_for(report.sha256)


def documents_signed_by(user):
    """(file name, PDF) of every document this person signed, as it stands now (the final,
    sealed PDF once everyone signed): for their personal-data export."""
    from django.utils.text import slugify

    from .models import Signatory

    signed = Signatory.objects.filter(user=user, signed_at__isnull=False).select_related(
        "ceremony__version"
    )
    for signatory in signed:
        ceremony = signatory.ceremony
        name = slugify(f"{ceremony.version} {ceremony.status}") or "document"
        yield f"{name}.pdf", bytes(ceremony.document)
