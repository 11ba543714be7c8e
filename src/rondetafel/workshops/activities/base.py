"""The contract every activity type fulfils, and the registry the types are found in.

A type owns everything about itself: how a phone's form becomes an answer (`value_from_fields`,
the same for a posted form and a WebSocket message), whether an answer is valid (`clean`), the
results and the presenter's chart, the phone's extra context, its templates under
`workshops/activities/<template_dir>/` (phone, results, and optionally console, console_link,
screen_aside, report), its column in the CSV export, whether its answers count for equality of
voice, whether participants contribute items and whether those wait for moderation, and what a
replayed participant answers. Nothing outside the type's module and templates branches on its key.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from rondetafel.core.registry import Registry

from .. import registry
from ..constants import StatementStatus

# Template parts a type may provide; "phone" and "results" are required.
TEMPLATE_PARTS = (
    "phone",
    "results",
    "console",
    "console_link",
    "screen_lead",  # under the title on the presenter screen, shown or not the results
    "screen_aside",
    "report",
)


@dataclass(frozen=True)
class ActivityType:
    key: str
    label: Any  # a lazy translation
    # Answers belong to items (statements, questions), not to the activity as a whole.
    has_items: ClassVar[bool] = False
    # False: the type counts its answers in the database and needs no rows in `results`.
    needs_rows: ClassVar[bool] = True
    # Participants contribute items (statements, questions, ideas)...
    takes_contributions: ClassVar[bool] = False
    # ... which wait for the facilitator before they are shown.
    moderated: ClassVar[bool] = False
    # Its answers count in the equality-of-voice figures.
    counts_for_voice: ClassVar[bool] = True
    # The facilitator records an outcome (a decision); the report lists it under decisions.
    records_outcome: ClassVar[bool] = False
    # Statement voting: an opinion landscape page, a Pol.is export.
    has_landscape: ClassVar[bool] = False
    template_dir: ClassVar[str] = ""  # defaults to the key
    # Offered in the console's "add an activity"; False for types another page starts.
    offered_in_console: ClassVar[bool] = True

    # --- set-up --------------------------------------------------------------------------------

    def configure(self, options_text: str) -> dict:
        """The activity's config from the facilitator's options text; ValidationError if bad."""
        return {}

    def initial_items(self, options_text: str) -> list[str]:
        """Items (statements, questions) the facilitator provides up front."""
        return []

    # --- answers -------------------------------------------------------------------------------

    def value_from_fields(self, activity, fields) -> Any:
        """The answer from a phone form's fields (a QueryDict, or the same shape from a
        WebSocket message). May be malformed: `clean` judges it."""
        return fields.get("value", "")

    def clean(self, activity, item: str, value, known_items: set[str] | None = None):
        raise NotImplementedError

    def results(self, activity, responses: list, sides: dict) -> dict:
        raise NotImplementedError

    def extra_results(self, activity) -> dict:
        """Results that pages show but the live snapshot leaves out (too costly per vote)."""
        return {}

    def answers_changed(self, activity_id) -> None:
        """Called after commit (coalesced) when answers or moderation changed: the place to
        refresh a stored analysis, so that pages only read."""

    def chart(self, activity, results: dict):
        """The results as a `charts.Chart` for the presenter screen, or None when the type
        draws its own figure (word cloud, grid)."""
        return None

    def export_value(self, activity, value) -> str:
        """An answer as one cell of the CSV export."""
        return flat(value)

    # --- the phone -----------------------------------------------------------------------------

    def phone_context(self, activity, participant) -> dict:
        """What the phone template needs besides the activity. `answer` (the participant's
        earlier answer, or None) is shown as "your answer has been recorded"."""
        return {"answer": my_answer(activity=activity, participant=participant)}

    def phone_state(self, activity) -> str:
        """What, besides its status, changes what the phones show (the rule or proposal the
        room is at): part of the phones' redraw key, so a socket-connected phone redraws."""
        return ""

    def has_answered(self, context: dict) -> bool:
        """Whether the phone may see the results: only after one's own answer, since seeing
        the room first would steer it."""
        return context.get("answer") is not None

    # --- replay --------------------------------------------------------------------------------

    def simulate(self, activity, rng: random.Random) -> list[tuple[str, Any]]:
        """A plausible participant's answers, as (item, value) pairs (replay_session)."""
        return []

    # --- the facilitator's commands ------------------------------------------------------------

    def command(self, activity, actor, command: str, data) -> bool:
        """A console command only this type knows (say, an idea board's themes); False when
        the command is not this type's."""
        return False

    # --- templates -----------------------------------------------------------------------------

    def template(self, part: str) -> str:
        """The template for a part, or "" when this type has none (optional parts)."""
        if part not in TEMPLATE_PARTS:
            raise ValueError(part)
        name = f"workshops/activities/{self.template_dir or self.key}/{part}.html"
        if part in ("phone", "results"):
            return name
        if part == "report":
            return _exists(name) or self.template("results")
        return _exists(name)


def _exists(name: str) -> str:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


activity_types: Registry[ActivityType] = registry.activity_types


def register(activity_type: ActivityType) -> ActivityType:
    return activity_types.register(activity_type.key)(activity_type)


# --- helpers the types share -----------------------------------------------------------------


def my_answer(*, activity, participant):
    """The participant's answer to an activity without items, or None."""
    from ..models import Response

    row = (
        Response.objects.filter(activity=activity, participant=participant, item="")
        .values_list("value", flat=True)
        .first()
    )
    return row


def accepted_items(activity) -> set[str]:
    return {
        str(pk)
        for pk in activity.statements.filter(status=StatementStatus.ACCEPTED).values_list(
            "pk", flat=True
        )
    }


def item_open(activity, item, known_items) -> bool:
    """Whether `item` is an accepted statement or question; `known_items` spares a query per
    vote when a batch of votes is checked at once."""
    if known_items is not None:
        return str(item) in known_items
    return str(item) in accepted_items(activity)


def whole_number(value, message: str) -> int:
    """A whole number from a phone's text or a message's number. NaN, Infinity, 1e400, 2.5
    and words are refused with `message`, never with a crash."""
    if isinstance(value, bool):
        raise ValidationError(message)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValidationError(message)
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 12 or not text.lstrip("+-").isdigit():
        raise ValidationError(message)
    return int(text)


def options_of(activity) -> list[str]:
    return activity.config.get("options", [])


def parse_options(options_text: str) -> list[str]:
    options = [line.strip()[:120] for line in options_text.splitlines() if line.strip()]
    if not 2 <= len(options) <= 12:
        raise ValidationError(_("Give between 2 and 12 options, one per line."))
    return options


def flat(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}={flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(flat(v) for v in value)
    return str(value)
