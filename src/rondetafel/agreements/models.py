import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.models import Trajectory

from .constants import (
    DecisionMethod,
    ProposalKind,
    ProposalStatus,
    SectionKind,
    Verdict,
    VersionStatus,
)


class Agreement(BaseModel):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class Version(BaseModel):
    """One version of an agreement. Only a draft can change; from review on it is frozen."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signatories = models.TextField(
        _("signatories"),
        max_length=5000,
        blank=True,
        help_text=_("One per line: name, role, party."),
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_unique"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="version_valid_until_after_from",
                violation_error_message=_("The end of the term cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def in_review(self) -> bool:
        return self.status == VersionStatus.IN_REVIEW


class Section(BaseModel):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.AGREEMENTS
    )
    heading = models.CharField(_("heading"), max_length=300)

    class Meta:
        ordering = ["order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class Article(BaseModel):
    """A numbered article. ``lineage`` stays the same across versions, so versions can be
    compared article by article; ``lock_version`` guards against two people editing at once."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), max_length=20000)
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip() or self.text[:40]

    @property
    def clauses(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


class ArticleVerdict(BaseModel):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="verdicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_verdict_per_person")
        ]

    def __str__(self) -> str:
        return self.verdict


class Proposal(BaseModel):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="proposals")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    text = models.TextField(_("proposed text"), max_length=20000, blank=True)
    heading = models.CharField(_("heading of the new article"), max_length=300, blank=True)
    rationale = models.TextField(_("rationale"), max_length=5000)
    # Empty for a participant who proposed from a phone without an account: their side is
    # kept, with the name they gave (unless they proposed on behalf of their side).
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposer_name = models.CharField(_("name"), max_length=80, blank=True)
    # Where it was made ("participant:<id>" for a phone), so that phone can list its proposals.
    origin = models.CharField(max_length=100, blank=True, db_index=True)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    anonymous = models.BooleanField(_("show my side only, not my name"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decision_method = models.CharField(
        _("decided by"), max_length=20, choices=DecisionMethod.choices, blank=True
    )
    decision_reason = models.TextField(_("reason"), max_length=5000, blank=True)
    tally = models.JSONField(_("tally per side"), default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40] or self.rationale[:40]}"


class Support(BaseModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=20, choices=Side.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once")]

    def __str__(self) -> str:
        return str(self.user_id)


class Comment(BaseModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=20, choices=Side.choices, blank=True)
    text = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class ImportDraft(BaseModel):
    """A parsed upload, kept (as editable Markdown) until the facilitator saves the structure."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    markdown = models.TextField(max_length=500_000)
    warning = models.CharField(max_length=500, blank=True)
    saved_as = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.filename
