from django import forms
from django.utils.translation import gettext_lazy as _

from rondetafel.trajectories.constants import Side

from .activities import activity_types
from .constants import MAX_TEXT, BlockKind


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    under_heard_ratio = forms.FloatField(
        label=_("Signal a side as under-heard below"),
        min_value=0.1,
        max_value=1.0,
        initial=0.6,
        help_text=_(
            "The fraction of its share of the people in the room that a side's share of the "
            "contributions must reach. 0.6: a side with half the people is flagged below 30% of "
            "the contributions."
        ),
    )


class BlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BlockKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(label=_("Goal"), max_length=500, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480, initial=15)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Question or title"), max_length=300)
    options = forms.CharField(
        label=_("Options or statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the options of a poll, or the first statements to vote on."),
    )

    block = forms.ChoiceField(
        label=_("Agenda item"),
        required=False,
        help_text=_("Starting the activity starts this agenda item and its timer too."),
    )

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (key, t.label) for key, t in activity_types.items() if t.offered_in_console
        ]
        self.fields["block"].choices = [("", "–")] + [(str(b.pk), b.title) for b in blocks]
        if not blocks:
            del self.fields["block"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to take part anonymously."),
    )
    side = forms.ChoiceField(
        label=_("I am here for"), choices=Side.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, sides: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sides:  # only the sides at this trajectory's table, named as its parties name them
            self.fields["side"].choices = list(sides.items())


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    client_id = forms.CharField(required=False, widget=forms.HiddenInput)


class PolisImportForm(forms.Form):
    """A Pol.is open-data export: its comments.csv and votes.csv, and optionally the file with
    Pol.is's own groups."""

    MAX_BYTES = 25 * 1024 * 1024

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the conversation's topic."),
    )
    comments = forms.FileField(label=_("comments.csv"))
    votes = forms.FileField(
        label=_("votes.csv"),
        required=False,
        help_text=_(
            "Older exports have none: then the votes are read from participants-votes.csv."
        ),
    )
    participants_votes = forms.FileField(
        label=_("participants-votes.csv"),
        required=False,
        help_text=_(
            "Holds Pol.is's own groups, so they can be compared with ours; required when there "
            "is no votes.csv."
        ),
    )
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

    def _text(self, name: str) -> str | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("%(file)s is larger than 25 MB.") % {"file": self.fields[name].label}
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("%(file)s is not a UTF-8 text file.") % {"file": self.fields[name].label}
            ) from exc

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("votes") and not data.get("participants_votes"):
            self.add_error(
                "votes", _("Add votes.csv, or participants-votes.csv when the export has none.")
            )
            return data
        try:
            for name in ("comments", "votes", "participants_votes"):
                data[f"{name}_text"] = self._text(name)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return data


class BlockEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(label=_("Goal"), max_length=500, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480)


class MethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"))
    title = forms.CharField(
        label=_("Title (optional: the method's name)"), max_length=200, required=False
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, **kwargs):
        from .library import METHODS

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(key, m.title) for key, m in METHODS.items()]
