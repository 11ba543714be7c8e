from django.core.management.base import BaseCommand

from rondetafel.core.audit import audit_seal


class Command(BaseCommand):
    help = (
        "Timestamp the audit log's head now with the installation's time-stamping authority "
        "(the worker does it every AUDIT_SEAL_MINUTES)."
    )

    def handle(self, *args, **options):
        seal = audit_seal()
        if seal is None:
            self.stdout.write("The audit log's head is already sealed (or the log is empty).")
        else:
            self.stdout.write(f"Sealed the audit log at entry {seal.sequence}.")
