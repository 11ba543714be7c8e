from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    CASE = "case", _("Case report")
    PARTICIPATION = "participation", _("Participation report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


LANGUAGES = [("nl", "Nederlands"), ("en", "English")]


class FeedbackStatus(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    DECIDED = "decided", _("Decided on")
    ANSWERED = "answered", _("Answered")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")
    OPEN = "open", _("Still open")
