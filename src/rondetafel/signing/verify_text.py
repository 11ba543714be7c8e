"""The verdict on a signed PDF as `rondetafel verify` prints it, with or without an installation.

No models here: without an installation the command still checks every signature (against a
root certificate given on the command line), it only cannot compare the file with our records.
"""

from __future__ import annotations

from typing import TextIO

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _

from .pades import Report


def load_root(data: bytes) -> asn1_x509.Certificate:
    """A root certificate as PEM or DER; ValueError when it is neither."""
    if asn1_pem.detect(data):
        data = asn1_pem.unarmor(data)[2]
    certificate = asn1_x509.Certificate.load(data)
    certificate.native  # noqa: B018  (parses it all now: a bad file fails here, not later)
    return certificate


def write_report(out: TextIO, name: str, report: Report) -> list[str]:
    """Print one line per signature; return the problems found in the file itself."""
    problems = []
    out.write(f"{name}  sha256={report.sha256}\n")
    if report.gave_up:
        problems.append(_("too complex to check (%(error)s)") % {"error": report.error})
    elif not report.readable:
        problems.append(_("not a readable PDF (%(error)s)") % {"error": report.error})
    elif not report.signatures:
        problems.append(_("the file contains no signatures"))
    for s in report.signatures:
        who = s.signer or "?"
        if s.organisation:
            who += f" ({s.organisation})"
        when = s.signed_at.isoformat(timespec="seconds") if s.signed_at else "-"
        verdict = _("VALID") if s.ok else _("INVALID")
        out.write(
            f"  {s.field:<12} {s.kind:<13} {verdict:<8} {when}  {who}"
            f"  intact={s.intact} trusted={s.trusted} changes={s.modification or '-'}\n"
        )
        if not s.ok:
            problems.append(_("signature %(field)s is not valid") % {"field": s.field})
    if report.changed_after_last_signature:
        problems.append(_("something was added or changed after the last signature"))
    return problems


def write_problems(err: TextIO, problems: list[str]) -> None:
    for problem in problems:
        err.write(_("  PROBLEM: %(problem)s") % {"problem": problem} + "\n")
