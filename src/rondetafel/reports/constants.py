from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    CASE = "case", _("Case report")
    PARTICIPATION = "participation", _("Participation report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


LANGUAGES = [("nl", "Nederlands"), ("en", "English")]


class FeedbackStatus(models.TextChoices):
    # In their own context: "adopted" here is an idea taken over, not a proposal decided.
    ADOPTED = "adopted", pgettext_lazy("you said, we did", "Taken over")
    DECIDED = "decided", pgettext_lazy("you said, we did", "Decided")
    ANSWERED = "answered", pgettext_lazy("you said, we did", "Answered")
    NOT_TAKEN_UP = "not_taken_up", pgettext_lazy("you said, we did", "Not taken up")
    OPEN = "open", pgettext_lazy("you said, we did", "Still open")
