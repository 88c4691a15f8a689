"""The upload form of 'Importér arkiv'."""

from django import forms
from django.db.models import QuerySet

from ..models import Committee


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(_MultipleFileField, self).clean(item, initial) for item in files if item]
        if not cleaned and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class ArchiveUploadForm(forms.Form):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        label="Styregruppe",
        required=False,
        empty_label="Ud fra titlen i filerne",
        help_text="Hvilken styregruppes møder filerne er fra.",
    )
    files = _MultipleFileField(
        label="Filer",
        widget=_MultipleFileInput(attrs={"accept": ".docx,.pdf,.doc,.odt,.zip"}),
        help_text="Dagsordener og referater som Word (.docx) eller PDF, gerne mange ad gangen "
        "eller samlet i en zip-fil. .doc og .odt læses gennem LibreOffice.",
        error_messages={"required": "Vælg en eller flere filer."},
    )

    def __init__(self, *args, committees: QuerySet[Committee], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].widget.attrs["class"] = "form-select"
        self.fields["files"].widget.attrs["class"] = "form-input"
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"id_{name}-hint"
