"""PAdES signatures with pyHanko: prepare a document, sign it once per signer, seal it, and
verify it with pyHanko's validator (the reference; the platform verifies with `verifier`).

No Django here. Every step takes PDF bytes and returns new PDF bytes built as an incremental
update on top of the old ones, so earlier signatures stay intact.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .pki import Authority, Issued

PLATFORM_FIELD = "Platform"
MD = "sha256"


def _off_loop(function):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run in a thread that
    already has an event loop (an async view, a consumer, Playwright's sync API in tests).
    There, run the call in a worker thread instead."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


def fingerprint(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


@dataclass(frozen=True)
class FieldBox:
    name: str
    page: int  # zero-based
    box: tuple[int, int, int, int]  # x1, y1, x2, y2 in points from the bottom left


def _timestamper(authority: Authority) -> timestamps.TimeStamper:
    return timestamps.DummyTimeStamper(
        tsa_cert=authority.tsa.cert_asn1,
        tsa_key=authority.tsa.key_asn1,
        certs_to_embed=SimpleCertificateStore.from_certs([authority.root.cert_asn1]),
    )


def _signer(issued: Issued, authority: Authority) -> signers.SimpleSigner:
    return signers.SimpleSigner(
        signing_cert=issued.cert_asn1,
        signing_key=issued.key_asn1,
        cert_registry=SimpleCertificateStore.from_certs([authority.root.cert_asn1]),
    )


def _context(authority_roots: list[asn1_x509.Certificate], crls=()) -> ValidationContext:
    return ValidationContext(trust_roots=authority_roots, crls=list(crls), allow_fetching=False)


@_off_loop
def timestamp_token(digest: bytes, authority: Authority) -> bytes:
    """An RFC 3161 timestamp token over a SHA-256 `digest`, from the installation's TSA."""
    return asyncio.run(_timestamper(authority).async_timestamp(digest, MD)).dump()


@_off_loop
def prepare(pdf: bytes, boxes: list[FieldBox], authority: Authority, *, reason: str) -> bytes:
    """Add one empty field per signer, then the platform's certification signature.

    The certification allows filling in forms and signing only (DocMDP level 2): any other
    later change makes every signature report the document as modified.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, SigFieldSpec(PLATFORM_FIELD))  # invisible
    for box in boxes:
        fields.append_signature_field(writer, SigFieldSpec(box.name, on_page=box.page, box=box.box))
    meta = signers.PdfSignatureMetadata(
        field_name=PLATFORM_FIELD,
        md_algorithm=MD,
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        reason=reason,
        name=authority.name,
    )
    platform = authority.issue_platform()
    out = signers.PdfSigner(
        meta, signer=_signer(platform, authority), timestamper=_timestamper(authority)
    ).sign_pdf(writer, existing_fields_only=True)
    return out.getvalue()


@_off_loop
def sign(
    pdf: bytes,
    *,
    field_name: str,
    signer: Issued,
    authority: Authority,
    stamp_pdf: bytes,
    name: str,
    reason: str,
    location: str = "",
) -> bytes:
    """One approval signature (PAdES B-T) into a prepared field, with `stamp_pdf` as its face."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=MD,
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=name,
    )
    # pyHanko imports a stamp page from a file name only; the file lives for this call alone.
    handle, path = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stamp_file:
            stamp_file.write(stamp_pdf)
        style = StaticStampStyle.from_pdf_file(
            path,
            border_width=0,
            # The stamp page is made at the field's size: fill the field, no margins.
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        )
        out = signers.PdfSigner(
            meta,
            signer=_signer(signer, authority),
            timestamper=_timestamper(authority),
            stamp_style=style,
        ).sign_pdf(writer, existing_fields_only=True)
    finally:
        os.unlink(path)
    return out.getvalue()


@_off_loop
def seal(pdf: bytes, authority: Authority) -> bytes:
    """Long-term validation material (certificates and a CRL in the DSS), then a document timestamp."""
    reader = PdfFileReader(io.BytesIO(pdf))
    certs = {authority.root.cert_asn1.sha256: authority.root.cert_asn1}
    certs[authority.tsa.cert_asn1.sha256] = authority.tsa.cert_asn1
    for embedded in reader.embedded_signatures:
        for cert in embedded.signed_data["certificates"]:
            certs[cert.chosen.sha256] = cert.chosen
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    DocumentSecurityStore.supply_dss_in_writer(
        writer, None, certs=list(certs.values()), crls=[authority.crl()]
    )
    out = signers.PdfTimeStamper(_timestamper(authority)).timestamp_pdf(
        writer,
        MD,
        validation_context=_context([authority.root.cert_asn1], [authority.crl()]),
        # The DSS goes in before the timestamp, so the timestamp covers the whole final file
        # and anything appended later shows up as an uncovered update.
        dss_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False),
    )
    return out.getvalue()


# --- verification ------------------------------------------------------------------------------


@dataclass
class SignatureReport:
    field: str
    kind: str  # "certification", "approval" or "timestamp"
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    modification: str  # pyHanko's ModificationLevel name
    covers_whole_file: bool
    ok: bool


@dataclass
class Report:
    readable: bool
    error: str = ""
    sha256: str = ""
    signatures: list[SignatureReport] = field(default_factory=list)
    changed_after_last_signature: bool = False
    # The check stopped at a limit (time, revisions) before reaching a verdict.
    gave_up: bool = False

    @property
    def ok(self) -> bool:
        return (
            self.readable
            and bool(self.signatures)
            and all(s.ok for s in self.signatures)
            and not self.changed_after_last_signature
        )


def _name_parts(cert: asn1_x509.Certificate | None) -> tuple[str, str]:
    if cert is None:
        return "", ""
    native = cert.subject.native
    return native.get("common_name", ""), native.get("organization_name", "")


def _bottom_line(status) -> bool:
    # Document timestamps have no "bottom line" of their own: intact, valid, trusted and no
    # disallowed change after them.
    if hasattr(status, "bottom_line"):
        return bool(status.bottom_line)
    return bool(status.intact and status.valid and status.trusted and status.docmdp_ok is not False)


@_off_loop
def verify_with_pyhanko(
    pdf: bytes, roots: list[asn1_x509.Certificate], *, analyse_changes: bool = True
) -> Report:
    """Check every signature against `roots` with pyHanko's validator and its full difference
    analysis for each one: the reference the tests hold `verifier.verify` to.

    It costs O(n^2) in the number of signatures (9 s for 60 signers, minutes for 200), so the
    platform itself verifies with `verifier.verify`. Without `analyse_changes` it checks each
    signature's integrity and trust only (then `modification` is empty).
    """
    # pyHanko logs every failed check with a traceback; the report says it in one line instead.
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        report = Report(readable=False, sha256=fingerprint(pdf))
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            embedded = list(reader.embedded_signatures)
        except (PdfError, ValueError, KeyError, IndexError, TypeError, OSError) as exc:
            report.error = str(exc) or exc.__class__.__name__
            return report
        report.readable = True
        context = _context(roots)
        report.signatures = [_check(sig, context, analyse_changes) for sig in embedded]
        if embedded:
            report.changed_after_last_signature = not report.signatures[-1].covers_whole_file
        return report
    finally:
        logger.setLevel(level)


def _check(sig, context: ValidationContext, analyse_changes: bool = True) -> SignatureReport:
    try:
        if sig.sig_object_type == "/DocTimeStamp":
            status = validate_pdf_timestamp(
                sig, validation_context=context, skip_diff=not analyse_changes
            )
            kind, signed_at = "timestamp", status.timestamp
        else:
            status = validate_pdf_signature(sig, context, context, skip_diff=not analyse_changes)
            kind = "certification" if sig.docmdp_level is not None else "approval"
            signed_at = (
                status.timestamp_validity.timestamp
                if status.timestamp_validity
                else status.signer_reported_dt
            )
    except Exception as exc:  # noqa: BLE001 - a broken signature is a finding, not a crash
        return SignatureReport(
            sig.field_name,
            "approval",
            "",
            "",
            None,
            False,
            False,
            False,
            str(exc)[:80],
            False,
            False,
        )
    signer, organisation = _name_parts(status.signing_cert)
    return SignatureReport(
        field=sig.field_name,
        kind=kind,
        signer=signer,
        organisation=organisation,
        signed_at=signed_at,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        modification=status.modification_level.name if status.modification_level else "",
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        ok=_bottom_line(status),
    )
