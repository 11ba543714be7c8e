"""rondetafel verify FILE.pdf: check every signature, later changes and our records; exit 1 on
anything wrong."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.signing import selectors


class Command(BaseCommand):
    help = "Verify a PDF signed on this platform."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            ) from exc
        report, record = selectors.verify(data)
        problems = []
        self.stdout.write(f"{file}  sha256={report.sha256}")
        if not report.readable:
            problems.append(_("not a readable PDF (%(error)s)") % {"error": report.error})
        elif not report.signatures:
            problems.append(_("the file contains no signatures"))
        for s in report.signatures:
            who = s.signer or "?"
            if s.organisation:
                who += f" ({s.organisation})"
            when = s.signed_at.isoformat(timespec="seconds") if s.signed_at else "-"
            verdict = _("VALID") if s.ok else _("INVALID")
            self.stdout.write(
                f"  {s.field:<12} {s.kind:<13} {verdict:<8} {when}  {who}"
                f"  intact={s.intact} trusted={s.trusted} changes={s.modification or '-'}"
            )
            if not s.ok:
                problems.append(_("signature %(field)s is not valid") % {"field": s.field})
        if report.changed_after_last_signature:
            problems.append(_("something was added or changed after the last signature"))
        if record.final:
            self.stdout.write(_("  Records: this is the completed, signed document."))
        elif record.signatory:
            self.stdout.write(
                _("  Records: the document right after %(name)s signed (not the final version).")
                % {"name": record.signatory.name}
            )
        elif record.ceremony:
            self.stdout.write(_("  Records: the document as it was before anyone signed."))
        elif report.readable:
            problems.append(_("this file is not in our records"))
        if problems:
            for problem in problems:
                self.stderr.write(_("  PROBLEM: %(problem)s") % {"problem": problem})
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(_("  OK: every signature is valid.")))
