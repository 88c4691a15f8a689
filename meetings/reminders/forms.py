"""The form of one reminder rule on the committee's rules page."""

from django import forms

from dap_portal.danish import WholeNumberField

from ..models import ReminderRule
from .services import RULE_FIELDS


class ReminderRuleForm(forms.ModelForm):
    """One rule: offset, audience, condition, texts and attachments."""

    class Meta:
        model = ReminderRule
        fields = list(RULE_FIELDS)
        field_classes = {"offset_days": WholeNumberField, "offset_hours": WholeNumberField}
        widgets = {
            "subject": forms.TextInput(attrs={"class": "form-input"}),
            "name": forms.TextInput(attrs={"class": "form-input"}),
            "body": forms.Textarea(attrs={"class": "form-input", "rows": 8}),
            "offset_days": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
            "offset_hours": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
            "anchor": forms.Select(attrs={"class": "form-select"}),
            "audience": forms.Select(attrs={"class": "form-select"}),
            "condition": forms.Select(attrs={"class": "form-select"}),
            "attach_agenda_pdf": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            "attach_ics": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            "active": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        }
