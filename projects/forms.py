"""Forms of the project page: a new status report and the project's phase."""

from django import forms
from django.utils import timezone

from .models import Phase, StatusReport, TrafficLight

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


class StatusReportForm(forms.Form):
    date = forms.DateField(
        label="Dato",
        input_formats=DATE_FORMATS,
        error_messages={"required": "Skriv rapportens dato.", "invalid": "Skriv en gyldig dato."},
    )
    time = forms.ChoiceField(
        label="Tid",
        choices=TrafficLight.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg en status for tid."},
    )
    economy = forms.ChoiceField(
        label="Økonomi",
        choices=TrafficLight.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg en status for økonomi."},
    )
    scope = forms.ChoiceField(
        label="Omfang",
        choices=TrafficLight.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg en status for omfang."},
    )
    text = forms.CharField(
        label="Status",
        max_length=StatusReport._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv en kort status."},
    )
    next_milestone = forms.CharField(label="Næste milepæl", max_length=300, required=False)
    next_milestone_date = forms.DateField(
        label="Næste milepæls dato",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Skriv en gyldig dato."},
    )

    @classmethod
    def blank(cls) -> "StatusReportForm":
        return cls(initial={"date": timezone.localdate().isoformat()})

    @property
    def light_fields(self) -> list[forms.BoundField]:
        return [self["time"], self["economy"], self["scope"]]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label="Fase",
        choices=Phase.choices,
        error_messages={"required": "Vælg en fase.", "invalid_choice": "Vælg en fase på listen."},
    )
