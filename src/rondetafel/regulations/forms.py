from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import CHALLENGE_CRITERIA, FRAMEWORK_QUESTIONS, Answer, Form, Ladder, Outcome


class XmlImportForm(forms.Form):
    file = forms.FileField(
        label=_("CVDR file (XML)"),
        help_text=_("As downloaded from lokaleregelgeving.overheid.nl."),
    )


class SheetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("Columns: article number (artikel), title (titel), text (tekst)."),
    )
    title = forms.CharField(label=_("Title of the regulation"), max_length=300)
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=40,
        required=False,
        help_text=_("The CVDR number if it has one; a new version keeps the same identifier."),
    )
    version = forms.CharField(label=_("Version"), max_length=20, initial="1")


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("New cluster"), max_length=120)


class PolicyRuleForm(forms.Form):
    title = forms.CharField(label=_("Rule"), max_length=300)
    text = forms.CharField(
        label=_("What it says"), widget=forms.Textarea(attrs={"rows": 2}), max_length=20000
    )
    holder = forms.CharField(label=_("Who holds it today"), max_length=200, required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, required=False)

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters


class RuleForm(forms.Form):
    holder = forms.CharField(label=_("Who holds it today"), max_length=200, required=False)
    form = forms.ChoiceField(label=_("Form in the ordinance"), choices=Form.choices)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, required=False)

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters


class AssessmentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FRAMEWORK_QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=label, choices=Answer.choices, widget=forms.RadioSelect
            )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("What should happen to this rule?"),
            choices=Outcome.choices,
            widget=forms.RadioSelect,
        )
        self.fields["conditions"] = forms.CharField(
            label=_("Under which conditions? (needed for “hand over under conditions”)"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["role"] = forms.ChoiceField(
            label=_("The municipality's role from now on"),
            choices=[("", "–"), *Ladder.choices],
        )
        self.fields["reason"] = forms.CharField(
            label=_("Your reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(label=_("The municipality's role"), choices=Ladder.choices)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reason (the framework document cites it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChallengeForm(forms.Form):
    organisation = forms.CharField(
        label=_("Who you are"),
        max_length=200,
        help_text=_("Your organisation (a foundation, an association, a cooperative) or group."),
    )
    rooted = forms.CharField(
        label=_("How you are rooted in the neighbourhood"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    task = forms.CharField(
        label=_("The task you want to take over"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    current_budget = forms.DecimalField(
        label=_("Current budget (euro a year), if known"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    plan = forms.CharField(
        label=_("Your plan"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4})
    )
    added_value = forms.CharField(
        label=_("The added value for the neighbourhood"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support = forms.CharField(
        label=_("Proof of support from the neighbourhood"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who supports it: signatures, a residents' meeting, letters."),
    )
    supporters = forms.IntegerField(label=_("Number of supporters"), min_value=0, initial=0)
    start_on = forms.DateField(
        label=_("When you would start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rules = forms.ModelMultipleChoiceField(
        label=_("Rules it concerns"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rules"].queryset = rules


class ChallengeAssessForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHALLENGE_CRITERIA:
            self.fields[f"{key}_met"] = forms.TypedChoiceField(
                label=label,
                choices=[("yes", _("Met")), ("no", _("Not met"))],
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Explanation"), required=False, max_length=1000
            )
        self.fields["note"] = forms.CharField(
            label=_("Note for the requester"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def criteria(self) -> dict:
        return {
            key: {
                "met": self.cleaned_data[f"{key}_met"],
                "note": self.cleaned_data[f"{key}_note"],
            }
            for key, _label in CHALLENGE_CRITERIA
        }


class ChallengeDecideForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Grant the request")), ("no", _("Refuse the request"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChallengeReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    text = forms.CharField(
        label=_("What was done"), max_length=6000, widget=forms.Textarea(attrs={"rows": 3})
    )
    spent = forms.DecimalField(
        label=_("Spent (euro)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )


class TermsForm(forms.Form):
    decision_weeks = forms.IntegerField(label=_("Weeks to decide"), min_value=1, max_value=52)
    notice_weeks = forms.IntegerField(
        label=_("Weeks before the start a request must come in"), min_value=0, max_value=104
    )
