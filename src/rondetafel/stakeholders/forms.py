from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.forms import DateInput
from rondetafel.trajectories.models import Party

from .constants import Channel, Verdict
from .importing import FIELDS
from .models import (
    Assessment,
    Commitment,
    GoalStatement,
    Intake,
    Interaction,
    Interest,
    PlannedAction,
    Position,
    Relationship,
    Stakeholder,
)


class IntakeForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["held_on", "goals", "expectations", "concerns", "mandate", "fixed_frame"]
        widgets = {"held_on": DateInput()} | {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["goals", "expectations", "concerns", "mandate", "fixed_frame"]
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = GoalStatement
        fields = ["text", "engagement_level", "ladder_level", "promise"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "promise": forms.Textarea(attrs={"rows": 2}),
        }


class SignOffForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    remark = forms.CharField(
        label=_("Remark or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed with a remark or with 'not yet'."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("verdict") in (Verdict.AGREE_WITH_REMARK, Verdict.NOT_YET)
            and not data.get("remark", "").strip()
        ):
            self.add_error("remark", _("Give the remark or the reason."))
        return data


class _TrajectoryScoped:
    def scope(self, trajectory):
        for name, field in self.fields.items():
            if name == "party":
                field.queryset = Party.objects.filter(trajectory=trajectory)


class StakeholderForm(_TrajectoryScoped, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "kind",
            "name",
            "organisation",
            "party",
            "side",
            "role",
            "email",
            "phone",
            "consent",
            "consent_on",
            "strategy",
            "notes",
        ]
        widgets = {
            "consent_on": DateInput(),
            "strategy": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.trajectory = trajectory
        self.scope(trajectory)
        # A stakeholder of a party is on that party's side: the side is asked only without one.
        self.fields["side"].required = False
        self.fields["side"].help_text = _("Leave empty to take the side of the party.")

    def clean(self):
        data = super().clean()
        if not data.get("side"):
            party = data.get("party")
            if party is None:
                self.add_error(
                    "side", _("Choose a side, or the party this stakeholder is part of.")
                )
            else:
                data["side"] = party.side
        return data


SCORES = [("", "–")] + [(str(n), str(n)) for n in range(1, 6)]


class NewStakeholderForm(StakeholderForm):
    """Adding a stakeholder: the first power and interest scores can be given at once, so the
    grid has them without a second form."""

    power = forms.TypedChoiceField(
        label=_("Power (1-5)"), choices=SCORES, coerce=int, empty_value=None, required=False
    )
    interest = forms.TypedChoiceField(
        label=_("Interest (1-5)"), choices=SCORES, coerce=int, empty_value=None, required=False
    )

    class Meta(StakeholderForm.Meta):
        fields = ["kind", "name", "organisation", "party", "side", "role", "email"]

    def clean(self):
        data = super().clean()
        if (data.get("power") is None) != (data.get("interest") is None):
            self.add_error(
                "interest" if data.get("interest") is None else "power",
                _("Give both power and interest, or neither."),
            )
        return data


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "power",
            "interest",
            "legitimacy",
            "urgency",
            "attitude",
            "attitude_desired",
            "engagement",
            "note",
        ]
        widgets = {
            "assessed_on": DateInput(),
            "power": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate
        current = getattr(stakeholder, "current", None)
        if current is not None and not self.is_bound:
            for name in self.Meta.fields[1:-1]:
                self.fields[name].initial = getattr(current, name)


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["text"]

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["text", "tag", "supports", "priority", "position"]
        widgets = {"priority": forms.NumberInput(attrs={"min": 1, "max": 5})}

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(stakeholder=stakeholder)


class ActionForm(forms.ModelForm):
    class Meta:
        model = PlannedAction
        fields = ["description", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["happened_on", "channel", "summary", "follow_up"]
        widgets = {"happened_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["target", "kind", "strength", "positive", "note"]
        widgets = {"strength": forms.NumberInput(attrs={"min": 1, "max": 3})}

    def __init__(self, *args, stakeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Stakeholder.objects.filter(
            trajectory_id=stakeholder.trajectory_id
        ).exclude(pk=stakeholder.pk)


class PlacementForm(forms.Form):
    """Record the agreed position of a stakeholder on the grid (until live placement exists)."""

    stakeholder = forms.ModelChoiceField(
        label=_("Stakeholder"), queryset=Stakeholder.objects.none()
    )
    power = forms.IntegerField(label=_("Power (1-5)"), min_value=1, max_value=5)
    interest = forms.IntegerField(label=_("Interest (1-5)"), min_value=1, max_value=5)
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            trajectory=trajectory
        ).select_related("current")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"), help_text=_("The first row holds the column names.")
    )


class ImportMappingForm(forms.Form):
    keep_valid = forms.TypedChoiceField(
        label=_("If some rows have errors"),
        choices=[
            ("1", _("Import the valid rows and skip the rows with errors")),
            ("0", _("Import nothing until every row is valid")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, header, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [
            (str(i), name or f"#{i + 1}") for i, name in enumerate(header)
        ]
        for target, (label, _aliases) in FIELDS.items():
            index = initial_mapping.get(target)
            self.fields[f"col_{target}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial="" if index is None else str(index),
            )
        self.order_fields([f"col_{t}" for t in FIELDS] + ["keep_valid"])

    def mapping(self) -> dict[str, int | None]:
        return {
            t: (int(v) if (v := self.cleaned_data.get(f"col_{t}")) not in (None, "") else None)
            for t in FIELDS
        }

    def clean(self):
        data = super().clean()
        if not data.get("col_name"):
            raise forms.ValidationError(_("Choose the column that holds the name."))
        return data


class CommunicationForm(forms.Form):
    audience = forms.CharField(label=_("Who"), max_length=300)
    message = forms.CharField(
        label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned_on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
