from django.db import models
from django.utils.translation import gettext_lazy as _


class CeremonyStatus(models.TextChoices):
    OPEN = "open", _("Open for signing")
    COMPLETE = "complete", _("Signed by everyone")
    CANCELLED = "cancelled", _("Cancelled")


class SigningOrder(models.TextChoices):
    PARALLEL = "parallel", _("In any order")
    SEQUENCE = "sequence", _("One after the other, in the order of the list")


class SignatoryChoice(models.TextChoices):
    EVERYONE = "everyone", _("Everyone taking part (participants and clients)")
    REPRESENTATIVES = "representatives", _("One representative per party")
    LIST = "list", _("The people I choose")


class AuthMethod(models.TextChoices):
    EMAIL = "email", _("One-time code sent by e-mail")
    ROOM = "room", _("Code shown in the room")


# A one-time e-mail code is valid this long; after this many wrong codes a signatory is locked
# until the facilitator unlocks them.
EMAIL_CODE_MINUTES = 10
MAX_FAILED_CODES = 5
MAX_CODES_PER_HOUR = 5  # e-mailed codes per signatory: a mailbox is not a free channel
ROOM_CODE_LENGTH = 6
# Unambiguous on a projector: no 0/O, 1/I/L.
ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DRAWING_MAX_BYTES = 200_000
