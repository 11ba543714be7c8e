from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rondetafel.analysis.stakeholders import Quadrant, Salience, is_high, quadrant, salience
from rondetafel.core.models import BaseModel
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.models import Party, Trajectory

from .constants import (
    QUADRANT_LABEL,
    QUADRANT_STRATEGY,
    SALIENCE_LABEL,
    Attitude,
    Channel,
    CommitmentStatus,
    Engagement,
    Kind,
    Ladder,
    RelationshipKind,
    Verdict,
)

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Intake(BaseModel):
    """Step 1: what one party brings to the table."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="intakes")
    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="intake")
    held_on = models.DateField(_("held on"), null=True, blank=True)
    goals = models.TextField(_("goals for the collaboration"), max_length=5000, blank=True)
    expectations = models.TextField(_("expectations of the session"), max_length=5000, blank=True)
    concerns = models.TextField(_("concerns"), max_length=5000, blank=True)
    mandate = models.TextField(
        _("mandate"), max_length=5000, blank=True, help_text=_("What this party can decide.")
    )
    fixed_frame = models.TextField(
        _("fixed frame"), max_length=5000, blank=True, help_text=_("What must not change.")
    )

    class Meta:
        ordering = ["party__side", "party__name"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return f"{self.party}"


class GoalStatement(BaseModel):
    """The one shared goal, with the chosen participation level. Each change of the text starts
    a new version: earlier sign-offs no longer count."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="goal")
    text = models.TextField(_("shared goal"), max_length=5000)
    version = models.PositiveIntegerField(default=1)
    engagement_level = models.CharField(
        _("participation level (IAP2)"), max_length=20, choices=Engagement.choices
    )
    ladder_level = models.CharField(
        _("participation ladder"), max_length=20, choices=Ladder.choices
    )
    promise = models.TextField(
        _("promise to participants"),
        max_length=2000,
        blank=True,
        help_text=_("Leave empty to use the standard promise of the chosen level."),
    )

    class Meta:
        verbose_name = _("shared goal")
        verbose_name_plural = _("shared goals")

    def __str__(self) -> str:
        return self.text[:60]


class GoalSignOff(BaseModel):
    goal = models.ForeignKey(GoalStatement, on_delete=models.CASCADE, related_name="sign_offs")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField()
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    remark = models.TextField(_("remark or reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "party", "version"], name="one_sign_off_per_party_version"
            ),
            models.CheckConstraint(
                condition=Q(verdict="agree") | ~Q(remark=""),
                name="remark_needed_unless_plain_agree",
                violation_error_message=_("Give the remark or the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.verdict}"


class Stakeholder(BaseModel):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="stakeholders"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For a person: where they work.")
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders",
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent = models.BooleanField(
        _("consent to keep contact details"),
        default=False,
        help_text=_("The person agreed that we keep these details (GDPR)."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    strategy = models.TextField(_("engagement strategy"), max_length=5000, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # The latest assessment, kept here so lists and maps need no subquery per row.
    current = models.ForeignKey(
        "Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=False) | Q(consent_on__isnull=False),
                name="consent_has_a_date",
                violation_error_message=_("Give the date on which consent was given."),
            ),
            models.UniqueConstraint(
                fields=["trajectory", "email"],
                condition=~Q(email=""),
                name="stakeholder_email_unique",
                violation_error_message=_("A stakeholder with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(BaseModel):
    """One dated judgement of a stakeholder; the history shows movement over time."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("date"))
    power = models.PositiveSmallIntegerField(_("power (1-5)"), validators=SCORE)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"), validators=SCORE)
    legitimacy = models.BooleanField(_("legitimate claim"), default=False)
    urgency = models.BooleanField(_("urgent claim"), default=False)
    attitude = models.CharField(
        _("attitude now"), max_length=20, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    attitude_desired = models.CharField(
        _("desired attitude"), max_length=20, choices=Attitude.choices, default=Attitude.SUPPORTIVE
    )
    engagement = models.CharField(
        _("engagement level (IAP2)"),
        max_length=20,
        choices=Engagement.choices,
        default=Engagement.INFORM,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(condition=Q(power__gte=1, power__lte=5), name="power_1_to_5"),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5), name="interest_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.assessed_on}"

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.power, self.interest)

    @property
    def quadrant_label(self) -> str:
        return QUADRANT_LABEL[self.quadrant]

    @property
    def strategy(self) -> str:
        return QUADRANT_STRATEGY[self.quadrant]

    @property
    def salience(self) -> Salience:
        return salience(is_high(self.power), self.legitimacy, self.urgency)

    @property
    def salience_label(self) -> str:
        return SALIENCE_LABEL[self.salience]


class Position(BaseModel):
    """What a stakeholder demands."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="positions")
    text = models.CharField(_("position"), max_length=500)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.text


class Interest(BaseModel):
    """Why: the need behind positions, tagged by topic so that sides can be compared."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="interests")
    position = models.ForeignKey(
        Position,
        verbose_name=_("behind position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    text = models.CharField(_("interest"), max_length=500)
    tag = models.CharField(
        _("topic"), max_length=60, help_text=_("A short topic, e.g. 'continuity of work'.")
    )
    supports = models.BooleanField(
        _("for this topic"),
        default=True,
        help_text=_("Untick when the stakeholder's interest is against it."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority (1 = highest)"), default=3, validators=SCORE
    )

    class Meta:
        ordering = ["priority", "tag"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        return self.text


class Relationship(BaseModel):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="relationships"
    )
    source = models.ForeignKey(
        Stakeholder,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="relationships_out",
    )
    target = models.ForeignKey(
        Stakeholder, verbose_name=_("to"), on_delete=models.CASCADE, related_name="relationships_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    strength = models.PositiveSmallIntegerField(
        _("strength (1-3)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    positive = models.BooleanField(_("positive"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["source__name", "target__name"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="relationship_between_two",
                violation_error_message=_("A relationship needs two different stakeholders."),
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="relationship_unique",
                violation_error_message=_("This relationship is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class PlannedAction(BaseModel):
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due_on"]
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")

    def __str__(self) -> str:
        return self.description


class Interaction(BaseModel):
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="interactions"
    )
    happened_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("summary"), max_length=5000)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.happened_on} {self.channel}"


class Commitment(BaseModel):
    """A promise made to a stakeholder, with an owner and a due date."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.CharField(_("commitment"), max_length=500)
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )

    class Meta:
        ordering = ["status", "due_on"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.description


class ImportBatch(BaseModel):
    """An uploaded register file, parsed and kept until it is imported (or abandoned), so the
    facilitator can map columns and preview without uploading again."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class Communication(BaseModel):
    """One line of the communication plan: who hears what, when, through which channel."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="communications"
    )
    audience = models.CharField(_("who"), max_length=300)
    message = models.TextField(_("what"), max_length=2000)
    planned_on = models.DateField(_("when"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["planned_on", "created_at"]
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return f"{self.planned_on}: {self.audience}"
