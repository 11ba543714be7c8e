"""rondetafel verify FILE.pdf: check every signature, later changes and our records; exit 1 on
anything wrong. Without an installation the CLI checks the signatures only (cli.verify_offline)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.signing import selectors
from rondetafel.signing.verify_text import load_root, write_problems, write_report


class Command(BaseCommand):
    help = "Verify a PDF signed on this platform."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--root", type=Path, help="trust this root certificate (PEM) instead of our CA's"
        )

    def handle(self, *args, file: Path, root: Path | None, **options):
        try:
            data = file.read_bytes()
            roots = [load_root(root.read_bytes())] if root else None
        except (OSError, ValueError) as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": root or file, "error": exc}
            ) from exc
        report, record = selectors.verify(data, roots)
        problems = write_report(self.stdout, str(file), report)
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
            write_problems(self.stderr, problems)
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(_("  OK: every signature is valid.")))
