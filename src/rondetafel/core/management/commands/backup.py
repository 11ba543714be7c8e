"""rondetafel backup [FILE]: the database, secret key and signing CA in one private archive."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.core import backup


class Command(BaseCommand):
    help = "Back up this installation: database, secret key, signing CA and its passphrase."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path)

    def handle(self, *args, file: Path | None, **options):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        target = file or Path(f"rondetafel-backup-{stamp}.tar.gz")
        try:
            manifest = backup.create(target)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Backup written to %(file)s") % {"file": target.resolve()})
        self.stdout.write(
            _("  database (%(engine)s), %(count)s files; the CA passphrase: %(passphrase)s")
            % {
                "engine": manifest["database"],
                "count": len(manifest["files"]),
                "passphrase": manifest["passphrase"],
            }
        )
        self.stdout.write(
            _("  It holds the keys of the installation: keep it as safe as the server itself.")
        )
