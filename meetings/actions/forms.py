"""Forms of follow-up actions: they parse and validate input; services do the writing."""

from django import forms

from dap_portal import danish

from ..editor.forms import DateInput
from ..models import ResponsibleKind


class ActionForm(forms.Form):
    what = forms.CharField(
        label="Opgave", max_length=500, widget=forms.TextInput(attrs={"class": "form-input"})
    )
    responsible_kind = forms.ChoiceField(
        label="Ansvarlig",
        choices=ResponsibleKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    responsible_user = forms.TypedChoiceField(
        label="Medlem",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    responsible_organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    due_date = forms.DateField(
        label="Frist",
        required=False,
        widget=DateInput(attrs={"class": "form-input"}),
        validators=[danish.validate_date_range],
    )
    until_next_meeting = forms.BooleanField(
        label="Til næste møde",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: object, members: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].choices = [("", "—"), *members]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "what": data["what"],
            "responsible_kind": data["responsible_kind"],
            "responsible_user_id": data.get("responsible_user"),
            "responsible_organisation": data.get("responsible_organisation", ""),
            "due_date": data.get("due_date"),
            "until_next_meeting": bool(data.get("until_next_meeting")),
        }


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Note",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={
            "max_length": "Noten må højst være %(limit_value)d tegn (den har "
            "%(show_value)d). Forkort den, og luk igen."
        },
    )
