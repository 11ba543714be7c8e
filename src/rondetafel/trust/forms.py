from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.constants import Side

from .instruments import INSTRUMENTS, KINDS, LIKERT5, SCALE10, TEXT, YESNO
from .selectors import item_text
from .services import WAVE_LABELS


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, initial=_("Trust in the collaboration")
    )
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        choices=[(key, i.name) for key, i in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=["klijn", "oecd_local", "process"],
    )
    party = forms.CharField(
        label=_("Party named in the inter-organisational items"),
        max_length=120,
        required=False,
        help_text=_('For example "de gemeente". Only needed for trust in a named party.'),
    )
    min_group = forms.IntegerField(
        label=_("Smallest group to show figures for"),
        min_value=3,
        max_value=50,
        initial=5,
        help_text=_("Smaller groups get no figures, so that nobody's answers can be recognised."),
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=list(KINDS.items()))
    text_nl = forms.CharField(label=_("Question (Dutch)"), max_length=400)
    text_en = forms.CharField(label=_("Question (English)"), max_length=400, required=False)


class WaveForm(forms.Form):
    label = forms.ChoiceField(label=_("Wave"), choices=[(w, w) for w in WAVE_LABELS])
    moment = forms.CharField(
        label=_("Moment"),
        max_length=200,
        required=False,
        help_text=_("For example: at the intake."),
    )
    workshop = forms.ChoiceField(label=_("Fill in during a session"), required=False)

    def __init__(self, *args, workshops=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].choices = [("", _("(not in a session)"))] + [
            (str(w.pk), w.title) for w in workshops
        ]


class ResponseForm(forms.Form):
    """The questionnaire: a self-chosen code, the side, then one field per question."""

    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        min_length=3,
        help_text=_(
            "Make up a code you will remember next time, for example the first two letters of "
            "your mother's first name and your birth month (AN07). It links your answers now "
            "and later without your name."
        ),
    )
    side = forms.ChoiceField(
        label=_("I take part as"), choices=Side.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            name = f"item_{item.pk}"
            label = item_text(item)
            if item.kind == LIKERT5:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[
                        ("1", _("1 strongly disagree")),
                        ("2", _("2 disagree")),
                        ("3", _("3 neither")),
                        ("4", _("4 agree")),
                        ("5", _("5 strongly agree")),
                    ],
                    widget=forms.RadioSelect,
                    required=False,
                    coerce=str,
                )
            elif item.kind == SCALE10:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[(str(i), str(i)) for i in range(11)],
                    widget=forms.RadioSelect(attrs={"class": "rt-scale10"}),
                    required=False,
                    coerce=str,
                )
            elif item.kind == YESNO:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[("1", _("Yes")), ("0", _("No"))],
                    widget=forms.RadioSelect,
                    required=False,
                    coerce=str,
                )
            elif item.kind == TEXT:
                field = forms.CharField(
                    label=label,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                    max_length=2000,
                )
            else:
                raise ValueError(f"no form field for an item of kind {item.kind!r}")
            self.fields[name] = field

    def answers(self) -> dict:
        return {str(i.pk): self.cleaned_data.get(f"item_{i.pk}") for i in self.items}
