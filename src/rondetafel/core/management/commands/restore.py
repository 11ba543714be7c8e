"""rondetafel restore FILE [--force]: put a backup back, then migrate it to this version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `rondetafel backup` into this installation."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the installation that is there"
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            manifest = backup.restore(file, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored the backup of %(created)s; the database is at this version's schema.")
            % {"created": manifest["created"]}
        )
        self.stdout.write(
            _("Check it with: rondetafel audit_verify, and rondetafel verify on a signed PDF.")
        )
