"""Forms of the offline feature: the member's setting, and a note sent in from a device."""

import datetime as dt

from django import forms

from dap_portal.danish import WholeNumberField

from ..member.services import MAX_NOTE_CHARS


class PreferenceForm(forms.Form):
    auto_store = forms.BooleanField(
        label="Hent automatisk møder, der er udsendt, og som holdes inden for 14 dage",
        required=False,
    )


class NoteSyncForm(forms.Form):
    """A note written on a device (maybe offline): which item or bilag, the text, and the
    version of the note it was written from (empty: there was no note)."""

    kind = forms.ChoiceField(choices=[("item", "punkt"), ("bilag", "bilag")])
    pk = WholeNumberField(min_value=1)
    text = forms.CharField(required=False, strip=True, max_length=MAX_NOTE_CHARS)
    base = forms.CharField(required=False)

    error_messages = {"base": "Notens version kunne ikke læses."}

    def clean_base(self) -> dt.datetime | None:
        value = self.cleaned_data["base"].strip()
        if not value:
            return None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError as bad:
            raise forms.ValidationError(self.error_messages["base"]) from bad
        if parsed.tzinfo is None:
            raise forms.ValidationError(self.error_messages["base"])
        return parsed
