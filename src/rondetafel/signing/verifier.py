"""Our verifier for signed PDFs: every signature checked in time linear in the file.

pyHanko's validator (`pades.verify_with_pyhanko`, kept as the reference the tests hold this one
to) costs O(n^2) in the number of signatures: each signature hashes its own prefix of the file,
reads its 10 KB hex `/Contents` a byte at a time, and the difference analysis re-reads every form
field for every revision. With 200 residents signing that is minutes (issue 21). Here:

- the file's structure is read once: pyHanko finds the cross-reference sections, and
  `pdf_objects` reads the objects (one regular expression per token);
- a signature's `/Contents` must sit exactly in its byte range's gap, and its range must end
  where its revision ends (pyHanko's coverage rule);
- the digests of all byte ranges come from one pass: every signed range is a prefix of the file
  with the signature's own hole, so one running hash is copied at each hole;
- the CMS checks are pyHanko's own steps (algorithm protection, the signing-certificate
  attribute, content type, message digest, the signature), with byte-for-byte fast paths for
  the name comparisons; a certificate is trusted when one of the roots issued it directly (our
  CA issues no intermediates), has the key usage for its purpose and is valid at the time its
  timestamp gives; revocation is not checked, as pyHanko does not without revocation data given;
- the difference analysis (`changes`) looks at each revision once.

A deadline bounds the work whatever the file holds: past it the report says so and is not ok.
"""

from __future__ import annotations

import functools
import hashlib
import io
import time
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader, process_data_at_eof
from pyhanko.sign.general import (
    MultivaluedAttributeError,
    NonexistentAttributeError,
    extract_signer_info,
    find_cms_attribute_iter,
    find_unique_cms_attribute,
)
from pyhanko.sign.validation.generic_cms import (
    _check_signing_certificate,
    extract_certs_for_validation,
    get_signing_cert_attr,
    validate_algorithm_protection,
)
from pyhanko.sign.validation.utils import extract_message_digest
from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext

from . import changes
from .pades import Report, SignatureReport, fingerprint
from .pdf_objects import Hex, Objects, unescape

DEADLINE_SECONDS = 20.0  # our own 200-signature file takes about a second
MAX_REVISIONS = 5000
_PARSE_ERRORS = (PdfError, ValueError, KeyError, IndexError, TypeError, OSError, AttributeError)


@dataclass
class _Signature:
    field: str
    idnum: int
    revision: int
    kind: str  # certification, approval, timestamp
    byte_range: list
    contents: Hex
    docmdp: int | None  # the certification's permission level P
    report: SignatureReport | None = None
    problem: str = ""
    digest: bytes = b""
    digest_algorithm: str = ""
    content: cms.ContentInfo | None = None  # the parsed /Contents


def _text(value) -> str:
    """A field name (/T) for display."""
    raw = (
        value.value
        if isinstance(value, Hex)
        else unescape(value)
        if isinstance(value, bytes)
        else b""
    )
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _sig_fields(objects: Objects, catalog: dict):
    """(name, field) for every signature field that holds a value, depth first."""
    latest = objects.revisions - 1
    form = catalog.get("/AcroForm")
    form = objects.load(form, latest) if isinstance(form, generic.Reference) else form
    fields = form.get("/Fields", []) if isinstance(form, dict) else []
    if isinstance(fields, generic.Reference):
        fields = objects.load(fields, latest)
    stack = [(field, "", None) for field in reversed(fields if isinstance(fields, list) else [])]
    seen = set()
    while stack:
        ref, parent_name, parent_type = stack.pop()
        if isinstance(ref, generic.Reference):
            if ref in seen:
                continue
            seen.add(ref)
            ref = objects.load(ref, latest)
        if not isinstance(ref, dict):
            continue
        own = _text(ref.get("/T"))
        name = f"{parent_name}.{own}" if parent_name and own else own or parent_name
        field_type = ref.get("/FT", parent_type)
        kids = ref.get("/Kids", [])
        for kid in reversed(kids if isinstance(kids, list) else []):
            stack.append((kid, name, field_type))
        if field_type == "/Sig" and "/V" in ref:
            yield name, ref


def _read_signatures(objects: Objects) -> list[_Signature]:
    latest = objects.revisions - 1
    root = objects.trailer(latest).get("/Root")
    catalog = objects.load(root, latest) if isinstance(root, generic.Reference) else None
    if not isinstance(catalog, dict):
        raise ValueError("no document catalog")
    perms = catalog.get("/Perms", {})
    docmdp_ref = perms.get("/DocMDP") if isinstance(perms, dict) else None
    found = []
    for name, field in _sig_fields(objects, catalog):
        ref = field["/V"]
        if not isinstance(ref, generic.Reference):
            raise ValueError("a signature value that is not an indirect object")
        revision = objects.last_change(ref.idnum)
        if revision is None or not isinstance(objects.location(ref, revision), int):
            raise ValueError("a signature dictionary inside an object stream")
        sig = objects.load(ref, revision)
        contents, byte_range = sig.get("/Contents"), sig.get("/ByteRange")
        if not isinstance(contents, Hex) or not isinstance(byte_range, list):
            raise ValueError("a signature without /Contents or /ByteRange")
        if sig.get("/Type") == "/DocTimeStamp" or sig.get("/SubFilter") == "/ETSI.RFC3161":
            kind = "timestamp"
        elif docmdp_ref == ref:
            kind = "certification"
        else:
            kind = "approval"
        docmdp = None
        if kind == "certification":
            docmdp = 2
            for reference in sig.get("/Reference", []):
                if isinstance(reference, dict) and reference.get("/TransformMethod") == "/DocMDP":
                    docmdp = reference.get("/TransformParams", {}).get("/P", 2)
        found.append(_Signature(name, ref.idnum, revision, kind, byte_range, contents, docmdp))
    found.sort(key=lambda s: s.revision)
    return found


def _coverage(pdf: bytes, reader: PdfFileReader, sig: _Signature) -> str:
    """'file', 'revision' or '' (pyHanko's ENTIRE_FILE, ENTIRE_REVISION, or too little)."""
    byte_range = sig.byte_range
    if len(byte_range) != 4 or not all(isinstance(v, int) and v >= 0 for v in byte_range):
        return ""
    start, length1, start2, length2 = byte_range
    end = start2 + length2
    # The gap must be exactly the /Contents value, and the ranges inside the file.
    if start != 0 or (sig.contents.start, sig.contents.end) != (length1, start2) or end > len(pdf):
        return ""
    if end == len(pdf):
        return "file"
    stream = io.BytesIO(pdf)
    stream.seek(end)
    try:
        if process_data_at_eof(stream) != reader.xrefs.get_startxref_for_revision(sig.revision):
            return ""
    except PdfError:
        return ""
    for revision in range(sig.revision + 1):
        if reader.xrefs.get_xref_container_info(revision).end_location > end:
            return ""
    return "revision"


def _digests(pdf: bytes, signatures: list[_Signature], algorithm: str, deadline: float) -> None:
    """Every byte range's digest in one pass over the file (see the module docstring). A range
    that is not a prefix with one hole gets a wrong digest, so its signature is not intact."""
    running = hashlib.new(algorithm)
    position = 0
    for sig in sorted(signatures, key=lambda s: s.byte_range[1]):
        if time.monotonic() > deadline:
            raise changes.OutOfTime
        _start, length1, start2, length2 = sig.byte_range
        running.update(pdf[position:length1])
        position = max(position, length1)
        own = running.copy()
        own.update(pdf[start2 : start2 + length2])
        sig.digest, sig.digest_algorithm = own.digest(), algorithm


def _signer_cert(signed_data: cms.SignedData) -> asn1_x509.Certificate:
    """The signer's certificate: pyHanko's `extract_certs_for_validation`, with a fast path when
    the issuer's name matches byte for byte (its own comparison prepares every name for LDAP
    matching, a millisecond per certificate). `_integrity` checks the signing-certificate
    attribute against it."""
    signer_info = extract_signer_info(signed_data)
    return _signer_among(signed_data["certificates"].untag().dump(), signer_info["sid"].dump()) or (
        extract_certs_for_validation(signed_data).signer_cert
    )


@functools.lru_cache(maxsize=64)  # every timestamp token carries the same certificates
def _signer_among(certificates_der: bytes, sid_der: bytes) -> asn1_x509.Certificate | None:
    sid = cms.SignerIdentifier.load(sid_der)
    if sid.name != "issuer_and_serial_number":
        return None
    issuer, serial = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
    for choice in cms.CertificateSet.load(certificates_der):
        tbs = choice.chosen["tbs_certificate"] if choice.name == "certificate" else None
        if tbs and tbs["serial_number"].native == serial and tbs["issuer"].dump() == issuer:
            return choice.chosen
    return None


def _ess_matches(cert: asn1_x509.Certificate, signed_attrs) -> bool:
    """The signing-certificate attribute names `cert` (its hash, issuer and serial), compared
    byte for byte; False sends the caller to pyHanko's own comparison."""
    attribute = get_signing_cert_attr(signed_attrs)
    if attribute is None:
        return True
    return _ess_certid_matches(
        cert.dump(), attribute["certs"][0].dump(), type(attribute["certs"][0])
    )


@functools.lru_cache(maxsize=64)  # every timestamp token names the same TSA certificate
def _ess_certid_matches(cert_der: bytes, certid_der: bytes, kind) -> bool:
    cert, certid = asn1_x509.Certificate.load(cert_der), kind.load(certid_der)
    algorithm = (
        "sha1"
        if isinstance(certid, tsp.ESSCertID)
        else certid["hash_algorithm"]["algorithm"].native
    )
    if hashlib.new(algorithm, cert_der).digest() != certid["cert_hash"].native:
        return False
    issuer_serial = certid["issuer_serial"]
    if not issuer_serial:
        return True
    issuer = cert["tbs_certificate"]["issuer"].dump()
    return issuer_serial["serial_number"].native == cert.serial_number and any(
        name.name == "directory_name" and name.chosen.untag().dump() == issuer
        for name in issuer_serial["issuer"]
    )


def _integrity(signer_info, cert, content_type: str, digest: bytes) -> tuple[bool, bool]:
    """(digest matches, signature valid): pyHanko's `validate_sig_integrity` step by step, with
    the signing-certificate check of `_ess_matches` first (pyHanko's own when that fails)."""
    attributes = signer_info["signed_attrs"]
    if attributes is core.VOID:
        raise ValueError("a signature without signed attributes")
    attributes = attributes.untag()
    signed_bytes = attributes.dump()
    validate_algorithm_protection(
        attributes,
        claimed_digest_algorithm_obj=signer_info["digest_algorithm"],
        claimed_signature_algorithm_obj=signer_info["signature_algorithm"],
        claimed_mac_algorithm_obj=None,
    )
    if not _ess_matches(cert, attributes):
        _check_signing_certificate(cert, attributes)
    if find_unique_cms_attribute(attributes, "content_type").native != content_type:
        raise ValueError(f"content type is not {content_type}")
    try:
        DefaultSignatureValidator().validate_signature(
            signer_info["signature"].native,
            signed_bytes,
            cert.public_key,
            signer_info["signature_algorithm"],
            context=SignatureValidationContext(
                contextual_md_algorithm=signer_info["digest_algorithm"]["algorithm"].native,
                prehashed=False,
            ),
        )
        valid = True
    except InvalidSignature:
        valid = False
    return extract_message_digest(signer_info) == digest, valid


@functools.lru_cache(maxsize=1024)
def _certificate(cert_der: bytes, roots: tuple) -> _Certificate:
    """What the verdict needs from a certificate, read once with `cryptography`."""
    cert = x509.load_der_x509_certificate(cert_der)
    issuer = None
    for root in roots:
        try:
            cert.verify_directly_issued_by(root)
        except (ValueError, TypeError, InvalidSignature):
            continue
        issuer = root
        break
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        signs = usage.digital_signature or usage.content_commitment
    except x509.ExtensionNotFound:
        signs = False
    try:
        extended = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        stamps = x509.oid.ExtendedKeyUsageOID.TIME_STAMPING in extended
    except x509.ExtensionNotFound:
        stamps = False

    def first(oid) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return _Certificate(
        name=first(x509.oid.NameOID.COMMON_NAME),
        organisation=first(x509.oid.NameOID.ORGANIZATION_NAME),
        valid_from=max(cert.not_valid_before_utc, issuer.not_valid_before_utc) if issuer else None,
        valid_until=min(cert.not_valid_after_utc, issuer.not_valid_after_utc) if issuer else None,
        signs=signs,
        stamps=stamps,
    )


@dataclass(frozen=True)
class _Certificate:
    name: str
    organisation: str
    valid_from: datetime | None  # None: no root issued it
    valid_until: datetime | None
    signs: bool  # key usage: digital signature or non-repudiation
    stamps: bool  # extended key usage: time stamping

    def trusted_at(self, when: datetime | None, *, timestamping: bool) -> bool:
        if self.valid_from is None or self.valid_until is None:
            return False
        in_time = when is None or self.valid_from <= when <= self.valid_until
        return in_time and (self.stamps if timestamping else self.signs)


def _check_tst(signed_data: cms.SignedData, imprint_of, roots) -> tuple[bool, bool, bool, datetime]:
    """(imprint matches, signature valid, TSA trusted, time) of one timestamp token."""
    encapsulated = signed_data["encap_content_info"]
    if encapsulated["content_type"].native != "tst_info":
        raise ValueError("timestamp token without TSTInfo")
    tst_info = encapsulated["content"].parsed
    imprint = tst_info["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    matches = imprint["hashed_message"].native == imprint_of(algorithm)
    signer_cert = _signer_cert(signed_data)
    signer_info = signed_data["signer_infos"][0]
    own_digest = hashlib.new(
        signer_info["digest_algorithm"]["algorithm"].native, bytes(encapsulated["content"])
    ).digest()
    _intact, valid = _integrity(signer_info, signer_cert, "tst_info", own_digest)
    when = tst_info["gen_time"].native
    trusted = _certificate(signer_cert.dump(), roots).trusted_at(when, timestamping=True)
    return matches, valid and _intact, trusted, when


def _check(sig: _Signature, pdf: bytes, coverage: str, roots) -> SignatureReport:
    report = SignatureReport(
        field=sig.field,
        kind=sig.kind,
        signer="",
        organisation="",
        signed_at=None,
        intact=False,
        valid=False,
        trusted=False,
        modification="",
        covers_whole_file=coverage == "file",
        ok=False,
    )
    try:
        content = sig.content or cms.ContentInfo.load(sig.contents.value)
        signed_data = content["content"]
        if sig.kind == "timestamp":
            ranges = sig.byte_range

            def imprint_of(algorithm):
                digest = hashlib.new(algorithm, pdf[: ranges[1]])
                digest.update(pdf[ranges[2] : ranges[2] + ranges[3]])
                return digest.digest()

            intact, valid, trusted, when = _check_tst(signed_data, imprint_of, roots)
            cert = _signer_cert(signed_data)
        else:
            signer_info = signed_data["signer_infos"][0]
            if signer_info["digest_algorithm"]["algorithm"].native != sig.digest_algorithm:
                raise ValueError("digest algorithm other than the file's")
            cert = _signer_cert(signed_data)
            intact, valid = _integrity(signer_info, cert, "data", sig.digest)
            when, stamped = _signature_time(signer_info, roots)
            trusted = stamped and _certificate(cert.dump(), roots).trusted_at(
                when, timestamping=False
            )
    except Exception as exc:  # noqa: BLE001 - a broken signature is a finding, not a crash
        report.modification = str(exc)[:80] or exc.__class__.__name__
        return report
    facts = _certificate(cert.dump(), roots)
    report.signer, report.organisation = facts.name, facts.organisation
    report.signed_at, report.intact, report.valid, report.trusted = when, intact, valid, trusted
    return report


def _signature_time(signer_info: cms.SignerInfo, roots) -> tuple[datetime | None, bool]:
    """The time of the signature's timestamp and whether that timestamp holds; without one, the
    time the signer claims (PAdES B-B), which holds by itself."""
    tokens = [token["content"] for token in _signature_timestamps(signer_info)]
    if not tokens:
        try:
            return find_unique_cms_attribute(
                signer_info["signed_attrs"], "signing_time"
            ).native, True
        except (NonexistentAttributeError, MultivaluedAttributeError):
            return None, True
    signature = signer_info["signature"].native
    matches, valid, trusted, when = _check_tst(
        tokens[0], lambda algorithm: hashlib.new(algorithm, signature).digest(), roots
    )
    return when, matches and valid and trusted


def _signature_timestamps(signer_info: cms.SignerInfo) -> list:
    attributes = signer_info["unsigned_attrs"]
    if attributes is core.VOID:
        return []
    return list(find_cms_attribute_iter(attributes, "signature_time_stamp_token"))


def timestamp_time(
    token: bytes, digest: bytes, roots: list[asn1_x509.Certificate]
) -> datetime | None:
    """The time in an RFC 3161 token over a SHA-256 `digest`, or None unless the token is over
    exactly that digest, signed, and from a TSA one of the roots issued (the audit seals)."""
    trusted_roots = tuple(x509.load_der_x509_certificate(root.dump()) for root in roots)
    try:
        signed_data = cms.ContentInfo.load(token)["content"]
        matches, valid, trusted, when = _check_tst(
            signed_data, lambda algorithm: digest if algorithm == "sha256" else b"", trusted_roots
        )
    except Exception:  # noqa: BLE001 - an unreadable token is a token that does not hold
        return None
    return when if matches and valid and trusted else None


# --- the whole file ---------------------------------------------------------------------------


def verify(
    pdf: bytes, roots: list[asn1_x509.Certificate], *, deadline_seconds: float | None = None
) -> Report:
    """Check every signature in `pdf` against `roots` (see the module docstring)."""
    seconds = DEADLINE_SECONDS if deadline_seconds is None else deadline_seconds
    deadline = time.monotonic() + seconds
    report = Report(readable=False, sha256=fingerprint(pdf))
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.xrefs.total_revisions > MAX_REVISIONS:
            report.error, report.gave_up = f"more than {MAX_REVISIONS} revisions", True
            return report
        objects = Objects(pdf, reader)
        signatures = _read_signatures(objects)
    except _PARSE_ERRORS as exc:
        report.error = str(exc) or exc.__class__.__name__
        return report
    report.readable = True
    if not signatures:
        return report
    try:
        return _verify(pdf, reader, objects, signatures, roots, report, deadline)
    except changes.OutOfTime:
        return Report(
            readable=False, sha256=report.sha256, error="took too long to check", gave_up=True
        )
    except _PARSE_ERRORS as exc:
        return Report(readable=False, sha256=report.sha256, error=str(exc) or "unreadable")


def _verify(pdf, reader, objects, signatures, roots, report: Report, deadline: float) -> Report:
    trusted_roots = tuple(x509.load_der_x509_certificate(root.dump()) for root in roots)
    by_algorithm: dict[str, list[_Signature]] = {}
    for sig in signatures:
        if sig.kind == "timestamp" or len(sig.byte_range) != 4:
            continue
        try:
            sig.content = cms.ContentInfo.load(sig.contents.value)
            signer_info = sig.content["content"]["signer_infos"][0]
            algorithm = signer_info["digest_algorithm"]["algorithm"].native
        except Exception:  # noqa: BLE001,S112 - _check reports the broken signature  # nosec B112
            continue
        by_algorithm.setdefault(algorithm, []).append(sig)
    for algorithm, group in by_algorithm.items():
        if algorithm in hashlib.algorithms_available:
            _digests(pdf, group, algorithm, deadline)
    for sig in signatures:
        if time.monotonic() > deadline:
            raise changes.OutOfTime
        coverage = _coverage(pdf, reader, sig)
        sig.report = _check(sig, pdf, coverage, trusted_roots)
        # A broken signature's reason, or a range that leaves part of its revision unsigned.
        sig.problem = sig.report.modification or ("" if coverage else "UNCLEAR")
    levels = changes.levels_after(
        objects,
        signatures[0].revision,
        {s.idnum for s in signatures if s.kind == "timestamp"},
        deadline,
    )
    certified = next((s.docmdp for s in signatures if s.kind == "certification"), None)
    allowed = changes.LTA if certified == 1 else changes.FORM
    for sig in signatures:
        level = levels[sig.revision]
        sig.report.modification = sig.problem or level.name
        sig.report.ok = bool(
            sig.report.intact
            and sig.report.valid
            and sig.report.trusted
            and not sig.problem
            # A document timestamp attests to the revision it covers; what came later is
            # judged by the signatures (and `changed_after_last_signature`), as in pyHanko.
            and (level <= allowed or sig.kind == "timestamp")
        )
    report.signatures = [sig.report for sig in signatures]
    report.changed_after_last_signature = not report.signatures[-1].covers_whole_file
    return report
