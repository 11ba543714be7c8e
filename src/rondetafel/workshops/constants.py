from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LIVE = "live", _("Live")
    CLOSED = "closed", _("Closed")


class BlockKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    SUBSESSIONS = "subsessions", _("Sub-session round")
    BREAK = "break", _("Break")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    ACCEPTED = "accepted", _("Shown")
    REJECTED = "rejected", _("Not shown")


JOIN_CODE_LENGTH = 6
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Join attempts per address before a pause; the pause in seconds.
JOIN_ATTEMPTS = 10  # wrong codes per phone
JOIN_ADDRESS_ATTEMPTS = 200  # wrong codes per network address (a venue shares one)
JOIN_PAUSE_SECONDS = 600
MAX_TEXT = 280  # a statement, an idea, a question: short, as on a sticky note
PARTICIPANT_COOKIE = "rt_participant"
# A side is under-heard when its share of contributions is below this fraction of its share of
# the people in the room (default; each session can set its own).
UNDER_HEARD_RATIO = 0.6
