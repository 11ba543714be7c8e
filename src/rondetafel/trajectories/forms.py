from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.accounts.models import User

from .constants import Role, StepStatus, TrajectoryStatus
from .models import Membership, Party, Trajectory
from .services import TRAJECTORY_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrajectoryForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = list(TRAJECTORY_FIELDS)  # what the service changes, and nothing else
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "question": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 6}),
        }


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["name", "side", "side_label", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        # The service sets the trajectory; the form needs it for the uniqueness check.
        self.instance.trajectory = trajectory


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.none(), required=False, empty_label=_("(none)")
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(trajectory=trajectory)


class AcceptInvitationForm(forms.Form):
    """For someone without an account: choose a password."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords are not the same."))
        if data.get("password1"):
            validate_password(
                data["password1"],
                User(email=self.invitation.email, full_name=self.invitation.full_name),
            )
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "party", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(trajectory=self.instance.trajectory)


class StepForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Follow the work (set from what the step has produced)"))]
        + list(StepStatus.choices),
    )
    reason = forms.CharField(
        label=_("Reason for setting it by hand"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you set the status by hand; it is kept in the audit log."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What this step has produced."),
    )


class TrajectorySearchForm(forms.Form):
    """The list page's search and filter (GET). Invalid input filters nothing and says why."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(TrajectoryStatus.choices),
    )
