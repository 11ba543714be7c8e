from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectoryStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Side(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    MARKET = "market", _("Market / SMEs")
    RESIDENTS = "residents", _("Residents")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    SAFETY = "safety", _("Police / safety")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    CLIENT = "client", _("Client")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# The five steps of the method (PRODUCT.md).
STEPS = {
    1: (_("Intake and shared goal"), _("An intake with every party and one agreed goal.")),
    2: (
        _("Stakeholders and interests mapped"),
        _("Who matters and why, and what the parties share."),
    ),
    3: (
        _("Strategy and session design"),
        _("An engagement strategy per stakeholder and the session agenda."),
    ),
    4: (
        _("Deepen and agree together"),
        _("Live sessions that end with every participant signing the agreement."),
    ),
    5: (
        _("Embed, monitor and learn"),
        _("Decisions, commitments, governance and trust measured before and after."),
    ),
}
