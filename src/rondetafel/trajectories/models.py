from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel

from .constants import STEPS, Role, Side, StepStatus, TrajectoryStatus


class Trajectory(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(
        _("question"), max_length=2000, help_text=_("The question the parties work on together.")
    )
    background = models.TextField(_("background"), max_length=10000, blank=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectoryStatus.choices, default=TrajectoryStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Retention (AVG/GDPR): days after a session ended when the names phones typed and the links
    # to their cookie and account are removed; answers and results stay, without a name.
    session_names_kept_days = models.PositiveSmallIntegerField(
        _("keep names in sessions for (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "After a session has ended this many days, the names participants typed and the "
            "link to their phone and account are removed; their answers and all results stay, "
            "without a name. Empty: kept as long as the trajectory."
        ),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="trajectory_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Party(BaseModel):
    """An organisation at the table, on one side of it."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    side_label = models.CharField(
        _("own label"),
        max_length=100,
        blank=True,
        help_text=_("Optional: how this party describes its side, e.g. 'area committee'."),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["side", "name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "name"],
                name="party_name_unique_in_trajectory",
                violation_error_message=_("This trajectory already has a party with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def side_display(self) -> str:
        return self.side_label or self.get_side_display()


class Membership(BaseModel):
    """A person's place in a trajectory: their role and, usually, the party they speak for."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(
        _("position"), max_length=150, blank=True, help_text=_("E.g. 'alderman' or 'director'.")
    )

    class Meta:
        ordering = ["role", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "user"],
                name="one_membership_per_person",
                violation_error_message=_("This person is already part of this trajectory."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class TrajectoryStep(BaseModel):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(
        _("step"), choices=[(n, title) for n, (title, _d) in STEPS.items()]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    summary = models.TextField(
        _("summary"), max_length=5000, blank=True, help_text=_("What this step has produced.")
    )
    # The status follows the step's outputs unless the facilitator set it by hand, with a reason.
    set_by_hand = models.BooleanField(default=False)
    override_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="one_step_per_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=5), name="step_number_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return STEPS[self.number][0]

    @property
    def description(self) -> str:
        return STEPS[self.number][1]


class Invitation(BaseModel):
    """An e-mail link that makes its recipient a member with the given role. Only a hash of
    the token is stored."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.trajectory}"
