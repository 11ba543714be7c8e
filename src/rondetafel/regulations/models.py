"""Local regulation brought into a trajectory, the rules inventory built from it, every side's
assessment against the minimal framework, the facilitator's decision per rule, and requests
under the right to challenge (uitdaagrecht)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel

from .constants import (
    DEFAULT_DECISION_WEEKS,
    DEFAULT_NOTICE_WEEKS,
    Answer,
    ChallengeStatus,
    Form,
    Ladder,
    Outcome,
)


class Regulation(BaseModel):
    """One version of an ordinance as imported (CVDR XML or a spreadsheet)."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="regulations"
    )
    identifier = models.CharField(_("identifier"), max_length=40)  # e.g. CVDR123456
    version = models.CharField(_("version"), max_length=20)
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    citation_title = models.CharField(_("citation title"), max_length=300, blank=True)
    in_force = models.DateField(_("in force from"), null=True, blank=True)
    source = models.CharField(max_length=20, default="cvdr")  # cvdr | spreadsheet
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="newer"
    )
    unknown_elements = models.JSONField(default=dict, blank=True)  # {element: times seen}
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["identifier", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "identifier", "version"], name="regulation_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.short_title} ({self.identifier}, {_('version')} {self.version})"

    @property
    def short_title(self) -> str:
        return self.citation_title or self.title


class Provision(BaseModel):
    """An article of a regulation, with its members ("leden") and where it sits."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="provisions")
    order = models.PositiveIntegerField()
    number = models.CharField(_("article"), max_length=30)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    path = models.JSONField(default=list, blank=True)  # ["Hoofdstuk 2 Openbare orde", ...]
    members = models.JSONField(default=list, blank=True)  # [[number, text], ...]
    text = models.TextField(_("text"))
    digest = models.CharField(max_length=64)  # of the text, to see what a new version changed
    change = models.CharField(max_length=10, blank=True)  # new | changed, against `previous`

    class Meta:
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return self.citation()

    def citation(self, member: str = "") -> str:
        text = f"{self.regulation.short_title} art. {self.number}"
        return f"{text} lid {member}" if member else text

    def member_text(self, member: str) -> str | None:
        """The text of one member ("lid"), or of the whole article for ""; None if absent."""
        if not member:
            return self.text
        return next((text for number, text in self.members if number == member), None)


class Cluster(BaseModel):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="rule_clusters"
    )
    name = models.CharField(_("cluster"), max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "name"], name="cluster_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Rule(BaseModel):
    """A rule in the trajectory's inventory: an article (or one member of it) in scope, or a
    policy rule written in by hand."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="rules"
    )
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.SET_NULL, related_name="rules"
    )
    member = models.CharField(_("member"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), max_length=20000, blank=True)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="rules"
    )
    holder = models.CharField(_("who holds it today"), max_length=200, blank=True)
    form = models.CharField(
        _("form"), max_length=20, choices=Form.choices, default=Form.DIRECT_NORM
    )
    order = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer version of the ordinance changed the article: assessments need a look.
    needs_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def citation(self) -> str:
        return self.provision.citation(self.member) if self.provision_id else ""


class Assessment(BaseModel):
    """One person's judgement of one rule: from a link at their own pace (`user`), or from a
    phone in a live session (`participant`)."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="assessments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        "workshops.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    side = models.CharField(_("side"), max_length=20)
    party = models.ForeignKey(
        "trajectories.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    safety = models.CharField(max_length=10, choices=Answer.choices, default=Answer.UNSURE)
    health = models.CharField(max_length=10, choices=Answer.choices, default=Answer.UNSURE)
    beyond_area = models.CharField(max_length=10, choices=Answer.choices, default=Answer.UNSURE)
    higher_law = models.CharField(max_length=10, choices=Answer.choices, default=Answer.UNSURE)
    outcome = models.CharField(_("proposed outcome"), max_length=20, choices=Outcome.choices)
    conditions = models.TextField(_("conditions"), max_length=1000, blank=True)
    role = models.CharField(_("government's role"), max_length=20, choices=Ladder.choices)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    needs_review = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "user"], condition=Q(user__isnull=False), name="assessment_once"
            ),
            models.UniqueConstraint(
                fields=["rule", "participant"],
                condition=Q(participant__isnull=False),
                name="session_assessment_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(participant__isnull=False),
                name="assessment_has_an_author",
            ),
        ]


class SideTally(models.Model):
    """One side's assessments of one rule, counted: kept up to date on every save, so the
    results page reads one row per rule and side instead of every assessment."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="tallies")
    side = models.CharField(max_length=20)
    n = models.PositiveIntegerField(default=0)
    keep = models.PositiveIntegerField(default=0)
    hand_over = models.PositiveIntegerField(default=0)
    conditions = models.PositiveIntegerField(default=0)
    look_into = models.PositiveIntegerField(default=0)
    regulate = models.PositiveIntegerField(default=0)
    direct = models.PositiveIntegerField(default=0)
    stimulate = models.PositiveIntegerField(default=0)
    facilitate = models.PositiveIntegerField(default=0)
    let_go = models.PositiveIntegerField(default=0)
    safety = models.PositiveIntegerField(default=0)  # answered yes
    health = models.PositiveIntegerField(default=0)
    beyond_area = models.PositiveIntegerField(default=0)
    higher_law = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "side"], name="one_tally_per_side")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.side}: {self.n}"


class Decision(BaseModel):
    """What the group decided for a rule, with the reason the framework document cites."""

    rule = models.OneToOneField(Rule, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    role = models.CharField(_("government's role"), max_length=20, choices=Ladder.choices)
    conditions = models.TextField(_("conditions"), max_length=2000, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_review = models.BooleanField(default=False)


class ChallengeTerms(BaseModel):
    """The terms the local participation ordinance sets for the right to challenge."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="challenge_terms"
    )
    decision_weeks = models.PositiveSmallIntegerField(
        _("weeks to decide"), default=DEFAULT_DECISION_WEEKS
    )
    notice_weeks = models.PositiveSmallIntegerField(
        _("weeks before the start a request must come in"), default=DEFAULT_NOTICE_WEEKS
    )


class ChallengeRequest(BaseModel):
    """A request to take over a municipal task, with its budget (uitdaagrecht)."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="challenges"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.CharField(_("who you are"), max_length=200)
    rooted = models.TextField(_("how you are rooted in the neighbourhood"), max_length=3000)
    task = models.TextField(_("the task you want to take over"), max_length=3000)
    current_budget = models.DecimalField(
        _("current budget (euro a year), if known"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    plan = models.TextField(_("your plan"), max_length=6000)
    added_value = models.TextField(_("the added value for the neighbourhood"), max_length=3000)
    support = models.TextField(_("proof of support from the neighbourhood"), max_length=3000)
    supporters = models.PositiveIntegerField(_("number of supporters"), default=0)
    start_on = models.DateField(_("when you would start"))
    rules = models.ManyToManyField(Rule, blank=True, related_name="challenges")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.SUBMITTED,
    )
    decision_due = models.DateField(_("decision due"))
    criteria = models.JSONField(default=dict, blank=True)  # {criterion: {"met": bool, "note"}}
    decision_reason = models.TextField(_("reasons for the decision"), max_length=4000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)  # the municipality's last reminder

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.task[:80]

    @property
    def open(self) -> bool:
        return self.status in (ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING)


class ChallengeStep(BaseModel):
    """A step in the request's life, shown to the requester: submitted, assessed, decided,
    a yearly account. The audit log has the same, chained."""

    request = models.ForeignKey(ChallengeRequest, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices)
    note = models.TextField(max_length=4000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class ChallengeReport(BaseModel):
    """The yearly account of a granted request: what was done, what it cost."""

    request = models.ForeignKey(ChallengeRequest, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("what was done"), max_length=6000)
    spent = models.DecimalField(
        _("spent (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["request", "year"], name="one_report_a_year")
        ]
