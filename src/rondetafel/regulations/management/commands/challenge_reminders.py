"""Remind the municipality of right-to-challenge decisions that are due (run daily)."""

from django.core.management.base import BaseCommand

from rondetafel.regulations.services import challenge_reminders


class Command(BaseCommand):
    help = "Mail the municipality about right-to-challenge requests due within a week or late."

    def handle(self, *args, **options):
        count = challenge_reminders()
        self.stdout.write(f"{count} reminder(s) sent.")
