import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AuthMethod, SignatoryChoice, SigningOrder

DATA_URL_PREFIX = "data:image/png;base64,"


class OpenForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Who signs?"),
        choices=SignatoryChoice.choices,
        initial=SignatoryChoice.EVERYONE,
        widget=forms.RadioSelect,
    )
    users = forms.MultipleChoiceField(
        label=_("The people I choose"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    order = forms.ChoiceField(
        label=_("Order"),
        choices=SigningOrder.choices,
        initial=SigningOrder.PARALLEL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].choices = [
            (
                str(m.user_id),
                f"{m.user.full_name or m.user.email}"
                + (f" ({m.party.name})" if m.party else f" ({m.get_role_display()})"),
            )
            for m in members
        ]

    def clean(self):
        data = super().clean()
        if data.get("choice") == SignatoryChoice.LIST and not data.get("users"):
            self.add_error("users", _("Choose at least one person."))
        return data


class SignForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have read the text, this is me, and I sign this agreement."), required=True
    )
    method = forms.ChoiceField(
        label=_("How do you confirm it is you?"),
        choices=AuthMethod.choices,
        initial=AuthMethod.ROOM,
        widget=forms.RadioSelect,
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The code from your e-mail, or the code the facilitator shows in the room."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    drawing = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"id": "drawing-data"})
    )

    def clean_drawing(self) -> bytes | None:
        value = self.cleaned_data.get("drawing") or ""
        if not value:
            return None
        if not value.startswith(DATA_URL_PREFIX):
            raise forms.ValidationError(
                _("The drawn signature could not be read; clear it and try again.")
            )
        try:
            return base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(
                _("The drawn signature could not be read; clear it and try again.")
            ) from exc


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Signed PDF"), help_text=_("At most 20 MB."))
