"""The method library: session recipes a facilitator starts from (step 3). Each names its goal,
its blocks with their timings, the roles it needs and the materials; activities that need
something from elsewhere (an agreement's sections, a rules inventory) are named in the block's
goal and started from their own page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .constants import BlockKind


@dataclass(frozen=True)
class Part:
    kind: str
    title: object
    minutes: int
    goal: object = ""
    activities: tuple = ()  # (kind, title, options text)


@dataclass(frozen=True)
class Method:
    title: object
    goal: object
    roles: object
    materials: object
    blocks: tuple = field(default_factory=tuple)


METHODS: dict[str, Method] = {
    "deepening": Method(
        title=_("Deepening session on the agreement"),
        goal=_("Review the agreement part by part in sub-sessions and adopt the changes together."),
        roles=_("Facilitator; a host per sub-session; a note-taker in plenary."),
        materials=_(
            "The agreement in review; phones; the presenter screen; the run sheet per host."
        ),
        blocks=(
            Part(
                BlockKind.PLENARY,
                _("Opening: why we are here"),
                15,
                _("The shared goal, the ground rules, and what people expect."),
                (("wordcloud", _("One word: what should this agreement bring you?"), ""),),
            ),
            Part(
                BlockKind.SUBSESSIONS,
                _("Sub-sessions per part of the agreement"),
                45,
                _(
                    "One group per section: form them on “Agreement in sessions”; each group reviews its articles and proposes changes from the phones."
                ),
            ),
            Part(
                BlockKind.PLENARY,
                _("Plenary: consent on the proposals"),
                40,
                _(
                    "Each proposal on the screen with its redline; consent from the phones, counted per side (start it on “Agreement in sessions”)."
                ),
            ),
            Part(
                BlockKind.PLENARY,
                _("Closing and next steps"),
                10,
                _("What was decided, who does what, and the signing."),
                (("scale_10", _("How much do you trust this collaboration now?"), ""),),
            ),
        ),
    ),
    "neighbourhood_evening": Method(
        title=_("Neighbourhood evening"),
        goal=_("Hear the neighbourhood, find common ground and the questions that matter."),
        roles=_("Facilitator; a host per table; someone of the municipality to answer questions."),
        materials=_("Phones (join by code or QR); a few paper forms for people without a phone."),
        blocks=(
            Part(
                BlockKind.PLENARY,
                _("Welcome and the question of the evening"),
                15,
                _("Why we meet, and how the evening goes."),
            ),
            Part(
                BlockKind.PLENARY,
                _("Statements about the neighbourhood"),
                30,
                _("Vote on statements and add your own; see where the room agrees."),
                (
                    (
                        "statements",
                        _("What do you think about the neighbourhood?"),
                        _(
                            "The square belongs to everyone\nResidents can look after the green themselves"
                        ),
                    ),
                ),
            ),
            Part(
                BlockKind.PLENARY,
                _("Questions to the municipality"),
                20,
                _("Questions from the room, upvoted, answered in order."),
                (("qa", _("Your question for the municipality"), ""),),
            ),
            Part(
                BlockKind.PLENARY, _("What we take along"), 10, _("Summary and what happens next.")
            ),
        ),
    ),
    "scenario_workshop": Method(
        title=_("Scenario workshop"),
        goal=_(
            "Explore forms of self-management with a morphological field and choose scenarios to work out."
        ),
        roles=_("Facilitator; a co-facilitator who keeps the field up to date."),
        materials=_(
            "The scenario field (prepared on “Scenario workshop”); phones; the presenter screen."
        ),
        blocks=(
            Part(
                BlockKind.PLENARY,
                _("The question and the parameters"),
                20,
                _("Which choices make up self-management here, and their values."),
            ),
            Part(
                BlockKind.PLENARY,
                _("Which combinations cannot go together"),
                30,
                _("Judge pairs of values from the phones (start it from the scenario field)."),
            ),
            Part(
                BlockKind.SUBSESSIONS,
                _("Work out the scenarios"),
                40,
                _("One group per scenario writes its story."),
            ),
            Part(
                BlockKind.PLENARY,
                _("Choose together"),
                20,
                _("Score the scenarios and choose what goes into the agreement."),
                (
                    (
                        "ranking",
                        _("Which scenario should we work out first?"),
                        _("Scenario 1\nScenario 2\nScenario 3"),
                    ),
                ),
            ),
        ),
    ),
    "intake_round": Method(
        title=_("Intake round"),
        goal=_("Agree from every side on why we meet: goals, expectations, concerns."),
        roles=_("Facilitator; one spokesperson per party."),
        materials=_("The draft goal statement; phones."),
        blocks=(
            Part(
                BlockKind.PLENARY,
                _("Expectations"),
                20,
                _("What each side hopes for and worries about."),
                (("ideas", _("What should this collaboration achieve?"), ""),),
            ),
            Part(
                BlockKind.PLENARY,
                _("The shared goal"),
                25,
                _("The draft goal on the screen; consent per side."),
                (("consent", _("Can you agree to this goal?"), ""),),
            ),
        ),
    ),
}
