from django.core.management.base import BaseCommand, CommandError

from rondetafel.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit log's keyed chain and its timestamped seals; exits non-zero at the "
        "first broken link."
    )

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Audit log broken at entry {result.broken_sequence}: {result.reason} "
                f"({result.checked} entries before it are intact)."
            )
        self.stdout.write(
            f"Audit log intact: {result.checked} entries; timestamped seals checked: {result.seals}."
        )
