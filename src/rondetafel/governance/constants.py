from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.UNDER_WAY)
DUE_SOON_DAYS = 14


class MinutesStatus(models.TextChoices):
    NONE = "none", _("No minutes yet")
    DRAFT = "draft", _("Draft")
    AMENDED = "amended", _("Amended")
    APPROVED = "approved", _("Approved")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


MAIL_ATTEMPTS = 5  # then the mail stays failed and the facilitator sees it
MAX_MEETINGS_PER_SERIES = 60
