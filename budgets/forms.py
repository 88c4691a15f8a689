"""Forms of the budget page: inline amounts, a revision, a line, the total, an import."""

from django import forms
from django.core.exceptions import ValidationError

from dap_portal import danish
from projects.models import Project

from .spreadsheets import MAX_UPLOAD_BYTES, parse_amount

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
DATE_ERRORS = {
    "required": "Skriv en dato, fx 31-08-2025.",
    "invalid": "Skriv en gyldig dato, fx 31-08-2025.",
}


class AmountField(forms.Field):
    """Whole kroner as Danes write them: 1.615.000, 1615000 or 1.615.000 kr."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("error_messages", {"required": "Skriv et beløb, fx 1.615.000."})
        super().__init__(**kwargs)

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip()
        if len(text) > 30:
            raise ValidationError("Beløbet er for langt. Skriv fx 1.615.000.", code="invalid")
        try:
            return parse_amount(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class SpentForm(forms.Form):
    amount = AmountField(label="Forbrug")
    date = forms.DateField(
        label="Opgjort pr.",
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        validators=[danish.validate_date_range],
    )


class BudgetAmountForm(forms.Form):
    # Empty takes the line out of the revision ('–' in the table).
    amount = AmountField(label="Beløb", required=False)


class RevisionForm(forms.Form):
    date = forms.DateField(
        label="Dato",
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        validators=[danish.validate_date_range],
    )


class LineForm(forms.Form):
    project = forms.ModelChoiceField(
        label="Projekt",
        queryset=Project.objects.none(),
        empty_label="Vælg projekt",
        error_messages={
            "required": "Vælg et projekt.",
            "invalid_choice": "Vælg et projekt på listen.",
        },
    )
    amount = AmountField(label="Beløb i seneste revision", required=False)

    def __init__(self, *args: object, projects: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects


class TotalForm(forms.Form):
    total = AmountField(label="Samlet ramme")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Regneark med forbrug",
        error_messages={
            "required": "Vælg en fil (.xlsx eller .csv).",
            "empty": "Filen er tom.",
        },
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(f"Filen er for stor; højst {MAX_UPLOAD_BYTES // 1024} kB.")
        return upload
