"""Forms of the minutes: a decision, a guest, a reason to reopen."""

from django import forms

from dap_portal.danish import WholeNumberField

from ..models import AttendanceStatus, DecisionOutcome

OUTCOME_CHOICES = [("", "Vælg udfald"), *DecisionOutcome.choices]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Udfald", choices=OUTCOME_CHOICES, required=False)
    html = forms.CharField(label="Beslutning", required=False, widget=forms.Textarea)
    version = WholeNumberField(widget=forms.HiddenInput, required=False)


class ReferatForm(forms.Form):
    text = forms.CharField(label="Referat", required=False, widget=forms.Textarea)
    version = WholeNumberField(widget=forms.HiddenInput)


class GuestForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=200)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    during_item = forms.IntegerField(label="Deltog under punkt", required=False)


class DeclarationForm(forms.Form):
    item = forms.IntegerField(label="Punkt")
    reason = forms.CharField(label="Begrundelse (valgfri)", max_length=400, required=False)


class DisqualificationForm(forms.Form):
    user_id = forms.IntegerField(label="Medlem")
    withhold_bilag = forms.BooleanField(label="Tilbagehold punktets bilag", required=False)
    reason = forms.CharField(label="Begrundelse (valgfri)", max_length=400, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Begrundelse", max_length=400, widget=forms.Textarea)


ATTENDANCE_CHOICES = AttendanceStatus.choices
