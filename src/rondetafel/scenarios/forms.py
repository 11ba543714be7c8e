from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Verdict


class FieldForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question the field answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ParameterForm(forms.Form):
    name = forms.CharField(label=_("Parameter"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    values = forms.CharField(
        label=_("Values, one per line"),
        help_text=_("Two to eight. “Name: description” adds a description."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Verdict.choices if c[0] != Verdict.UNKNOWN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    condition = forms.CharField(label=_("Condition"), max_length=300, required=False)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
