"""rondetafel replay_session CODE: simulated participants join a session and answer its open
activity over some seconds, so a facilitator can show the presenter screen filling up."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.trajectories.constants import Side
from rondetafel.workshops import selectors, services


class Command(BaseCommand):
    help = "Replay a session with simulated participants (for demonstrations)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--participants", type=int, default=20)
        parser.add_argument("--seconds", type=float, default=30.0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, code, participants, seconds, seed, **options):
        workshop = selectors.workshop_by_code(code)
        if workshop is None:
            raise CommandError(_("There is no session with this code."))
        activity = selectors.open_activity(workshop)
        if activity is None:
            raise CommandError(_("Open an activity in the console first."))
        rng = random.Random(seed)
        sides = [s for s in Side.values if s != "other"]
        people = [
            services.participant_join(workshop=workshop, display_name="", side=rng.choice(sides))[0]
            for _ in range(participants)
        ]
        answers = []
        for person in people:
            for item, value in activity.type.simulate(activity, rng):
                answers.append((person, item, value))
        rng.shuffle(answers)
        pause = seconds / max(1, len(answers))
        stored = 0
        for person, item, value in answers:
            try:
                services.respond(activity=activity, participant=person, item=item, value=value)
                stored += 1
            except Exception as exc:  # noqa: BLE001 - the facilitator may close the activity meanwhile
                self.stderr.write(str(exc))
                break
            time.sleep(pause)
        self.stdout.write(
            _("%(n)d simulated participants gave %(answers)d answers.")
            % {"n": participants, "answers": stored}
        )
