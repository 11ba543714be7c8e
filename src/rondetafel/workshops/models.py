from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel
from rondetafel.trajectories.constants import Side

from .constants import ActivityStatus, BlockKind, StatementStatus, WorkshopStatus


class Workshop(BaseModel):
    """A live session of a trajectory: its agenda, its activities and who joined."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED
    )
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    under_heard_ratio = models.FloatField(
        _("under-heard signal"),
        default=0.6,
        help_text=_(
            "A side is flagged when its share of contributions is below this fraction of its "
            "share of the people in the room."
        ),
    )
    current_activity = models.ForeignKey(
        "Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped by every change participants or the screen should see; clients compare versions.
    version = models.PositiveIntegerField(default=1)
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # When the trajectory's retention removed the participants' names (services/retention.py).
    names_removed_at = models.DateTimeField(_("names removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title


class AgendaBlock(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=BlockKind.choices)
    title = models.CharField(_("title"), max_length=200)
    goal = models.CharField(_("goal"), max_length=500, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    groups_published = models.BooleanField(default=False)
    # The balance the assignment reported: {group id: [{side, room, group}]}, for the console.
    group_balance = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="one_block_per_place"),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1) & models.Q(minutes__lte=480),
                name="block_minutes_1_to_480",
                violation_error_message=_("A block lasts between 1 and 480 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at_iso(self) -> str:
        if self.started_at is None:
            return ""
        from datetime import timedelta

        return (self.started_at + timedelta(minutes=self.minutes)).isoformat()

    def seconds_left(self) -> int | None:
        """Seconds until the block's time is up (negative: over time); None before it starts."""
        if self.started_at is None:
            return None
        from datetime import timedelta

        from django.utils import timezone

        end = self.started_at + timedelta(minutes=self.minutes)
        return round((end - timezone.now()).total_seconds())

    @property
    def clock(self) -> str:
        """The time left as the timer shows it ("12:05"), so the first paint is already right."""
        left = self.seconds_left()
        if left is None:
            return f"{self.minutes}:00"
        return f"{abs(left) // 60}:{abs(left) % 60:02d}"

    @property
    def over_time(self) -> bool:
        left = self.seconds_left()
        return left is not None and left < 0


class Participant(BaseModel):
    """Someone in the room: with an account, or only a display name and a side. The browser
    keeps a random key in a cookie; only its hash is stored."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    key_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_account",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or str(_("Anonymous"))


class Activity(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="activities")
    block = models.ForeignKey(
        AgendaBlock, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("question or title"), max_length=300)
    config = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    results_visible = models.BooleanField(_("results on the screen"), default=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    @property
    def type(self):
        """The activity type (a plugin in `workshops.activities`) that owns this activity."""
        from .registry import activity_types

        return activity_types[self.kind]

    def __str__(self) -> str:
        return self.title


class Theme(BaseModel):
    """A theme on an idea board: the facilitator clusters ideas under it, then people dot-vote."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=120)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Statement(BaseModel):
    """A contribution people respond to: a statement to vote on, a question to upvote, an idea
    on a board. Written by the facilitator, or submitted by a participant (statements and
    questions are shown only once the facilitator accepts them)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="statements")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    text = models.CharField(_("statement"), max_length=280)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatementStatus.choices,
        default=StatementStatus.ACCEPTED,
    )
    client_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=~models.Q(client_id=""),
                name="statement_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Response(BaseModel):
    """One participant's answer to one item of an activity (a statement, or the poll itself).
    A second answer replaces the first; a retried submission (same client id) counts once."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    item = models.CharField(max_length=64, blank=True)  # statement id, or "" for the whole activity
    value = models.JSONField()
    client_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant", "item"], name="one_answer_per_item"
            )
        ]


class SubGroup(BaseModel):
    """One group of a sub-session round, with its topic (a part of the agreement, a cluster of
    rules, a scenario parameter) and optionally a host."""

    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="subgroups")
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(_("topic"), max_length=200)
    host = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.topic


class GroupMember(BaseModel):
    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="+")
    subgroup = models.ForeignKey(SubGroup, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block", "participant"], name="one_group_per_round")
        ]


class GroupPreference(BaseModel):
    """A participant's wish: the topics of a round in the order they would like them."""

    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    topics = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block", "participant"], name="one_wish_per_round")
        ]


class PairRule(BaseModel):
    """Two participants who must be in the same group, or must not."""

    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="pair_rules")
    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    together = models.BooleanField()


class OpinionAnalysis(BaseModel):
    """The latest opinion analysis of a statement-voting activity: what the screens show, the
    statement priorities phones follow, and the state the next update continues from (so that
    groups keep their identity as votes arrive). Derived data: rebuilt from the votes at will."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="opinion")
    signature = models.CharField(max_length=200)  # which votes it was computed from
    state = models.JSONField(default=dict)
    view = models.JSONField(default=dict)
    priorities = models.JSONField(default=dict)  # statement id -> priority
