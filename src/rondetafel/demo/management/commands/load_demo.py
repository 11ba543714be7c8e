from django.core.management.base import BaseCommand

from rondetafel.demo.builder import load_demo


class Command(BaseCommand):
    help = "Load the two demo trajectories (Dordrecht GWW and Boomgaardshoek). Idempotent."

    def handle(self, *args, **options):
        created = load_demo()
        self.stdout.write("Demo loaded." if created else "Demo was already loaded.")
