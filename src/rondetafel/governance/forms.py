from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.models import Membership, Party

from .constants import CommitmentStatus, Frequency
from .models import Decision


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("What was decided"), max_length=500)
    decided_by = forms.CharField(label=_("Decided by (body or role)"), max_length=300)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    basis = forms.CharField(
        label=_("On what basis"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consequences = forms.CharField(
        label=_("What follows from it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(
        label=_("Review on"),
        required=False,
        widget=DateInput,
        help_text=_("The facilitators get a reminder on this date."),
    )


class DecisionReviewForm(forms.Form):
    consequences = forms.CharField(
        label=_("What follows from it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(label=_("Review on"), required=False, widget=DateInput)


def _owner_fields(form, trajectory):
    form.fields["owner"].queryset = Membership.objects.filter(trajectory=trajectory).select_related(
        "user"
    )
    form.fields["owner"].label_from_instance = lambda m: m.user.full_name or m.user.email
    form.fields["owner_party"].queryset = Party.objects.filter(trajectory=trajectory)


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("What is promised"), max_length=500)
    owner = forms.ModelChoiceField(
        label=_("Owner (a person)"), queryset=Membership.objects.none(), required=False
    )
    owner_party = forms.ModelChoiceField(
        label=_("or owner (a party)"), queryset=Party.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    decision = forms.ModelChoiceField(
        label=_("From decision"), queryset=Decision.objects.none(), required=False
    )
    article = forms.ModelChoiceField(label=_("From article"), queryset=None, required=False)
    source_label = forms.CharField(label=_("Or from (a document)"), max_length=300, required=False)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        _owner_fields(self, trajectory)
        self.fields["decision"].queryset = Decision.objects.filter(trajectory=trajectory)
        from rondetafel.agreements.selectors import articles_of_latest_versions

        self.fields["article"].queryset = articles_of_latest_versions(trajectory=trajectory)
        self.fields["article"].label_from_instance = lambda a: f"{a.section.version.title}: {a}"

    def clean(self):
        data = super().clean()
        from .services import commitment_problems

        problems = commitment_problems(
            trajectory=self.trajectory,
            due_on=data.get("due_on"),
            owner=data.get("owner"),
            owner_party=data.get("owner_party"),
        )
        for field, messages in problems.items():  # all at once, next to their fields
            if field not in self.errors:
                self.add_error(field, messages)
        return data


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("New owner (a person)"), queryset=Membership.objects.none(), required=False
    )
    owner_party = forms.ModelChoiceField(
        label=_("or a party"), queryset=Party.objects.none(), required=False
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_fields(self, trajectory)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence of completion"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to mark it done: a link, a document, what was delivered."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = forms.CharField(
        label=_("What it may decide"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Membership.objects.filter(
            trajectory=trajectory
        ).select_related("user")
        self.fields["members"].label_from_instance = lambda m: m.user.full_name or m.user.email


class SeriesForm(forms.Form):
    first_starts_at = forms.DateTimeField(label=_("First meeting"), widget=DateTimeInput)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    interval = forms.IntegerField(label=_("Every how many weeks or months"), initial=1)
    count = forms.IntegerField(label=_("Number of meetings"), initial=6)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), initial=90, min_value=15, max_value=600
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 10})
    )
    decisions = forms.CharField(
        label=_("Decisions taken (one per line)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("When the body approves the minutes, each line enters the decision log."),
    )
