from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel

from .constants import CommitmentStatus, Frequency, MailStatus, MinutesStatus


class Body(BaseModel):
    """A body of the programme (a steering group, a neighbourhood team) and what it may decide."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("what it may decide"), max_length=3000, blank=True)
    members = models.ManyToManyField(
        "trajectories.Membership", blank=True, related_name="bodies", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "name"], name="body_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingSeries(BaseModel):
    """A cadence: the body meets every week or month, a number of times."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="series")
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("every how many"), default=1)
    count = models.PositiveSmallIntegerField(_("number of meetings"))
    first_starts_at = models.DateTimeField(_("first meeting"))

    class Meta:
        verbose_name = _("meeting series")


class Meeting(BaseModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=90)
    location = models.CharField(_("location"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    minutes_status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    # The decisions the minutes record, one per line; they enter the log when approved.
    minutes_decisions = models.TextField(
        _("decisions taken (one per line)"), max_length=10000, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body} {self.starts_at:%Y-%m-%d}"


class Decision(BaseModel):
    """One entry in the trajectory's decision log, fed by the events of other apps (with a
    link to the source) or written by hand."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(_("what was decided"), max_length=500)
    decided_by = models.CharField(_("decided by (body or role)"), max_length=300)
    decided_on = models.DateField(_("decided on"))
    basis = models.TextField(_("on what basis"), max_length=5000, blank=True)
    consequences = models.TextField(_("what follows from it"), max_length=5000, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    review_reminded_on = models.DateField(null=True, blank=True)
    source_key = models.CharField(max_length=200, blank=True)
    source_label = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    contributor_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_decision_per_source",
            )
        ]
        indexes = [models.Index(fields=["trajectory", "review_on"])]

    def __str__(self) -> str:
        return self.title


class Commitment(BaseModel):
    """Something a member or a party has promised to do, by a date, with evidence when done."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        "trajectories.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("owner (a person)"),
    )
    owner_party = models.ForeignKey(
        "trajectories.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("owner (a party)"),
    )
    # Who owned it when it was given out: kept so an owner who left is named, not lost.
    owner_label = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    evidence = models.TextField(_("evidence of completion"), max_length=5000, blank=True)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("from decision"),
    )
    article = models.ForeignKey(
        "agreements.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from article"),
    )
    source_label = models.CharField(_("from (article or document)"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["trajectory", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_left(self) -> bool:
        return self.owner_id is None and self.owner_party_id is None and bool(self.owner_label)


class CommitmentEvent(BaseModel):
    """One step in a commitment's history: created, a status change, a new owner."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["created_at"]


class OutgoingMail(BaseModel):
    """A mail the worker sends (reminders, digests, notices): kept until sent, retried when the
    mail server refuses, and visible to the facilitator when it fails."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", null=True, on_delete=models.CASCADE, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    kind = models.CharField(max_length=30)  # reminder, review, digest, progress
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.subject


class DigestSent(models.Model):
    """One weekly digest per person per ISO week, whatever the number of worker runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # 2026-W49

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"


class WorkerBeat(models.Model):
    """When the worker last looked for work: the dashboard tells when it is not running."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M}"
