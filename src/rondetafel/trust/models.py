"""Trust surveys: items fixed per survey, waves (T0, T1, T2), and pseudonymous answers.

Nobody's name is stored with an answer: a respondent is a keyed hash of a code they choose
themselves, which pairs their answers across waves, plus their side."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel
from rondetafel.trajectories.constants import Side

from .instruments import KINDS


class Survey(BaseModel):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    party = models.CharField(
        _("party the trust items name"), max_length=120, blank=True
    )  # for inter-organisational items: "de gemeente"
    min_group = models.PositiveSmallIntegerField(_("smallest group to report on"), default=5)
    salt = models.CharField(max_length=64)  # keys the respondents' code hashes

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class SurveyItem(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    instrument = models.CharField(max_length=30)  # an INSTRUMENTS key, or "custom"
    key = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=list(KINDS.items()))
    text_nl = models.CharField(max_length=400)
    text_en = models.CharField(max_length=400)
    reverse = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "instrument", "key"], name="one_item_per_key")
        ]

    def __str__(self) -> str:
        return self.text_nl


class WaveStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Wave(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(_("wave"), max_length=10)  # T0, T1, T2
    moment = models.CharField(_("moment"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.OPEN)
    token = models.CharField(max_length=40, unique=True)  # in the link respondents get
    workshop = models.ForeignKey(
        "workshops.Workshop",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_waves",
        verbose_name=_("filled in during the session"),
    )

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "label"], name="one_wave_per_label")
        ]

    def __str__(self) -> str:
        return self.label


class Respondent(BaseModel):
    """One filled-in survey in one wave. A second submission with the same code from the same
    device replaces the first; from another device it is kept apart and both are flagged (two
    people chose the same code) and left out of the pairing."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="respondents")
    code_hash = models.CharField(max_length=64)
    device_hash = models.CharField(max_length=64)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["wave", "code_hash"])]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.code_hash[:8]}"


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "item"], name="one_answer_per_item_per_respondent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.number if self.number is not None else self.text[:20]}"
