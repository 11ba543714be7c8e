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
            for item, value in _answers(activity, rng):
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


def _answers(activity, rng):
    """Plausible answers per activity type (one list of (item, value) per participant)."""
    options = activity.config.get("options", [])
    kind = activity.kind
    if kind == "statements":
        return [
            (str(s.pk), rng.choice(["agree", "agree", "disagree", "pass"]))
            for s in activity.statements.filter(status="accepted")
        ]
    if kind == "poll_single":
        return [("", [rng.randrange(len(options))])]
    if kind == "poll_multiple":
        return [("", rng.sample(range(len(options)), rng.randint(1, len(options))))]
    if kind.startswith("scale"):
        return [("", rng.randint(activity.config["min"], activity.config["max"]))]
    if kind == "consent":
        return [
            ("", {"answer": rng.choice(["agree", "agree", "agree", "stand_aside"]), "reason": ""})
        ]
    if kind == "ranking":
        order = list(range(len(options)))
        rng.shuffle(order)
        return [("", order)]
    if kind == "allocation":
        cut = sorted(rng.sample(range(1, 100), len(options) - 1)) if len(options) > 1 else []
        points = [b - a for a, b in zip([0, *cut], [*cut, 100], strict=True)]
        return [("", points)]
    if kind == "grid":
        return [
            ("", {str(i): [rng.randint(0, 10), rng.randint(0, 10)] for i in range(len(options))})
        ]
    if kind == "wordcloud":
        return [
            ("", [rng.choice(["vertrouwen", "samen", "tempo", "duidelijk", "groen", "veilig"])])
        ]
    if kind == "qa":
        return [
            (str(q.pk), "up")
            for q in activity.statements.filter(status="accepted")
            if rng.random() < 0.5
        ]
    if kind == "ideas" and activity.config.get("phase") == "vote":
        themes = [str(t.pk) for t in activity.themes.all()]
        return [("", {rng.choice(themes): 1})] if themes else []
    return []
