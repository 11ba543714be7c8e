"""A morphological field per trajectory: parameters and their values, plenary decisions on
value pairs, and the scenarios the group picked and wrote up. Participants' own judgements are
the answers of a live-session activity (`activity.PairJudging`), so phones, the socket, the
CSV export and replay work for them as for every activity."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel


class Verdict(models.TextChoices):
    CONSISTENT = "consistent", _("Can go together")
    CONDITIONAL = "conditional", _("Only under a condition")
    INCONSISTENT = "inconsistent", _("Cannot go together")
    UNKNOWN = "unknown", _("Cannot judge")


class ScenarioField(BaseModel):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="scenario_fields"
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question the field answers"), blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    judging_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Parameter(BaseModel):
    field = models.ForeignKey(ScenarioField, on_delete=models.CASCADE, related_name="parameters")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ParameterValue(BaseModel):
    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, related_name="values")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PairDecision(BaseModel):
    """The plenary's decision on a pair (it overrides the participants' judgements)."""

    field = models.ForeignKey(ScenarioField, on_delete=models.CASCADE, related_name="decisions")
    first = models.ForeignKey(ParameterValue, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(ParameterValue, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_decision_per_pair")
        ]


class Scenario(BaseModel):
    field = models.ForeignKey(ScenarioField, on_delete=models.CASCADE, related_name="scenarios")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=120)
    configuration = models.JSONField()  # [value id, ...] in the order of the parameters
    narrative = models.TextField(_("narrative"), blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name
