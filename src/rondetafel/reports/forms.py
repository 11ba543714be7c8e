from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.models import Membership

from .constants import LANGUAGES, FeedbackStatus, ReportKind
from .models import Quote


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which report"), choices=ReportKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="nl")


class QuoteForm(forms.Form):
    text = forms.CharField(
        label=_("Quote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    speaker = forms.CharField(label=_("Who said it (as shown)"), max_length=200)
    speaker_role = forms.CharField(label=_("Their role or party"), max_length=200, required=False)
    membership = forms.ModelChoiceField(
        label=_("Member quoted"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("They can then give their consent themselves in rondetafel."),
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        max_length=300,
        required=False,
        help_text=_(
            "For example: by e-mail on 3 November. Leave empty when they have not consented yet."
        ),
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = Membership.objects.filter(
            trajectory=trajectory
        ).select_related("user")
        self.fields["membership"].label_from_instance = lambda m: m.user.full_name or m.user.email


class ReportForm(forms.Form):
    """The title, one text area per section, and the quotes to include."""

    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        for section in report.sections:
            self.fields[f"section_{section['key']}"] = forms.CharField(
                label=section["heading"],
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                initial=section["text"],
            )
        self.fields["quotes"] = forms.ModelMultipleChoiceField(
            label=_("Quotes to include"),
            queryset=Quote.objects.filter(trajectory=report.trajectory_id),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Only quotes the person consented to can be used."),
        )
        self.fields["quotes"].label_from_instance = lambda q: (
            f"“{q.text[:80]}” ({q.speaker})"
            + ("" if q.has_consent else " — " + str(_("no consent yet")))
        )


class FeedbackAnswerForm(forms.Form):
    source_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    status = forms.ChoiceField(label=_("What became of it"), choices=FeedbackStatus.choices)
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackPublishForm(forms.Form):
    intro = forms.CharField(
        label=_("A word to everyone who took part"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
