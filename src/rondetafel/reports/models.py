from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel

from .constants import LANGUAGES, FeedbackStatus, ReportKind, ReportStatus


class Quote(BaseModel):
    """Words of someone who took part, for a report: used only with their recorded consent."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField(_("quote"), max_length=2000)
    speaker = models.CharField(_("who said it (as shown)"), max_length=200)
    speaker_role = models.CharField(_("their role or party"), max_length=200, blank=True)
    # The member quoted, when they have an account: they can give (or withdraw) consent themselves.
    membership = models.ForeignKey(
        "trajectories.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        verbose_name=_("member quoted"),
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None


class Report(BaseModel):
    """A report generated from the trajectory's own data, edited by the facilitator before it
    is published. Its sections are prose; its measured evidence is read live (not editable)."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="nl")
    title = models.CharField(_("title"), max_length=300)
    sections = models.JSONField(default=list)  # [{"key", "heading", "text"}]
    quotes = models.ManyToManyField(Quote, blank=True, related_name="reports")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind", "language"], name="one_report_per_kind_and_language"
            )
        ]

    def __str__(self) -> str:
        return self.title


class FeedbackPage(BaseModel):
    """ "You said, we did": what people contributed and what became of it, published by the
    facilitator and reached without an account through its result link."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="feedback_page"
    )
    token = models.CharField(max_length=40, unique=True)  # in the result link
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.trajectory_id)


class FeedbackAnswer(BaseModel):
    """The facilitator's word on what became of one contribution (overrides what the data
    says by itself)."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="feedback_answers"
    )
    source_key = models.CharField(max_length=80)
    status = models.CharField(_("what became of it"), max_length=20, choices=FeedbackStatus.choices)
    text = models.TextField(_("explanation"), max_length=3000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "source_key"], name="one_answer_per_contribution"
            )
        ]

    def __str__(self) -> str:
        return self.source_key
