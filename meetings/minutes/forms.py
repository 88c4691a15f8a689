"""Forms of the minutes: a decision, a guest, a reason to reopen."""

from django import forms

from dap_portal.danish import WholeNumberField

from ..models import AttendanceStatus, DecisionOutcome

OUTCOME_CHOICES = [("", "Vælg udfald"), *DecisionOutcome.choices]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Udfald", choices=OUTCOME_CHOICES, required=False)
    html = forms.CharField(label="Beslutning", required=False, widget=forms.Textarea)
    version = WholeNumberField(widget=forms.HiddenInput, required=False)


class GuestForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=200)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Begrundelse", max_length=400, widget=forms.Textarea)


ATTENDANCE_CHOICES = AttendanceStatus.choices
