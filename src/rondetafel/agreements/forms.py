from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.forms import DateInput

from .constants import TALLY_KEYS, TALLY_LABELS, DecisionMethod, ProposalKind, Verdict
from .models import Section, Version


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Agreement (.docx or .md)"))


class StructureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    markdown = forms.CharField(
        label=_("Structure"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "rt-mono"}),
        max_length=500_000,
        help_text=_(
            "## starts a section, ### starts an article (e.g. ### Artikel 3 Kennisdeling). Correct it here before saving."
        ),
    )


class VersionForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = ["title", "valid_from", "valid_until", "signatories"]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "signatories": forms.Textarea(attrs={"rows": 4}),
        }


class ArticleForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    heading = forms.CharField(label=_("Heading"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your verdict on this article"), choices=Verdict.choices, widget=forms.RadioSelect
    )


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        initial=ProposalKind.AMEND,
    )
    text = forms.CharField(
        label=_("Proposed text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        required=False,
        help_text=_("For an amendment: the whole article as it should read."),
    )
    heading = forms.CharField(label=_("Heading of a new article"), max_length=300, required=False)
    section = forms.ModelChoiceField(
        label=_("Section for a new article"), queryset=Section.objects.none(), required=False
    )
    rationale = forms.CharField(
        label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    anonymous = forms.BooleanField(label=_("Show only my side, not my name"), required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(version=version)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Decided by"),
        choices=DecisionMethod.choices,
        widget=forms.RadioSelect,
        initial=DecisionMethod.CONSENT,
    )
    outcome = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Adopted")), ("0", _("Rejected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=_("Needed for a rejection and for a facilitator decision."),
    )

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Side.choices)
        self.sides = list(sides)
        for side in self.sides:
            for key in TALLY_KEYS:
                self.fields[f"t_{side}_{key}"] = forms.IntegerField(
                    label=f"{labels.get(side, side)}: {TALLY_LABELS[key]}",
                    min_value=0,
                    max_value=10000,
                    initial=0,
                    required=False,
                )

    def tally(self) -> dict:
        return {
            side: {key: self.cleaned_data.get(f"t_{side}_{key}") or 0 for key in TALLY_KEYS}
            for side in self.sides
        }

    def tally_rows(self):
        labels = dict(Side.choices)
        return [
            (labels.get(side, side), [self[f"t_{side}_{key}"] for key in TALLY_KEYS])
            for side in self.sides
        ]
