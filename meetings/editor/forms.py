"""Forms of the secretariat's pages: they parse and validate input; services do the writing."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from dap_portal import danish
from projects.models import Project

from ..models import Committee, ItemKind, Meeting
from ..writes import check_html_size
from .items import PresenterData

KIND_CHOICES = [("", "Ingen"), *ItemKind.choices]
MAX_PRESENTERS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
        # The browser's date picker keeps to the range the portal accepts.
        self.attrs.setdefault("min", danish.EARLIEST_DATE.isoformat())
        self.attrs.setdefault("max", danish.LATEST_DATE.isoformat())


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%H:%M", **kwargs)


class _TimesMixin:
    """Start and end of a meeting: an end needs a start, and comes after it."""

    def _check_times(self, start_name: str, end_name: str) -> None:
        data = self.cleaned_data  # type: ignore[attr-defined]
        start, end = data.get(start_name), data.get(end_name)
        if end and not start:
            self.add_error(start_name, "Angiv en starttid, når der er en sluttid.")  # type: ignore[attr-defined]
        elif start and end and end <= start:
            self.add_error(end_name, "Sluttiden skal ligge efter starttiden.")  # type: ignore[attr-defined]


class MeetingCreateForm(_TimesMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label="Styregruppe", queryset=Committee.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label="Titel",
        max_length=300,
        required=False,
        help_text="Tom: »Styregruppemøde for …« efter styregruppens navn.",
    )
    date = forms.DateField(
        label="Dato", widget=DateInput(), validators=[danish.validate_date_range]
    )
    start_time = forms.TimeField(label="Starttid", required=False, widget=TimeInput())
    end_time = forms.TimeField(label="Sluttid", required=False, widget=TimeInput())
    location = forms.CharField(label="Sted", max_length=300, required=False)

    def __init__(self, *args: object, committees: QuerySet[Committee], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        for name, field in self.fields.items():
            css = "form-select" if name == "committee" else "form-input"
            if name in ("date", "start_time", "end_time"):
                css += " input-width-s"
            elif name in ("committee", "title", "location"):
                css += " input-width-xl"
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}-hint")

    def clean(self) -> dict:
        data = super().clean()
        self._check_times("start_time", "end_time")
        return data


class MeetingDetailsForm(_TimesMixin, forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    date = forms.DateField(
        label="Dato", widget=DateInput(), validators=[danish.validate_date_range]
    )
    start_time = forms.TimeField(label="Starttid", required=False, widget=TimeInput())
    end_time = forms.TimeField(label="Sluttid", required=False, widget=TimeInput())
    location = forms.CharField(label="Sted", max_length=300, required=False)
    next_date = forms.DateField(
        label="Næste mødes dato",
        required=False,
        widget=DateInput(),
        validators=[danish.validate_date_range],
    )
    next_start_time = forms.TimeField(
        label="Næste mødes starttid", required=False, widget=TimeInput()
    )
    next_end_time = forms.TimeField(label="Næste mødes sluttid", required=False, widget=TimeInput())
    next_location = forms.CharField(label="Næste mødes sted", max_length=300, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-input")

    @classmethod
    def for_meeting(cls, meeting: Meeting, data: object = None) -> "MeetingDetailsForm":
        initial = {name: getattr(meeting, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def clean(self) -> dict:
        data = super().clean()
        self._check_times("start_time", "end_time")
        self._check_times("next_start_time", "next_end_time")
        return data


class ItemForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    kind = forms.ChoiceField(label="Type", choices=KIND_CHOICES, required=False)
    duration_minutes = danish.WholeNumberField(label="Minutter", min_value=0, max_value=600)
    confidential = forms.BooleanField(label="Lukket punkt", required=False)
    public_title = forms.CharField(label="Titel for andre", max_length=300, required=False)
    restricted_to = forms.ModelMultipleChoiceField(
        label="Kun for", queryset=get_user_model().objects.none(), required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projekter", queryset=Project.objects.none(), required=False
    )
    version = danish.WholeNumberField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: object,
        projects: QuerySet[Project],
        readers: QuerySet | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        if readers is not None:
            self.fields["restricted_to"].queryset = readers

    def _rows(self) -> list[tuple[str, str, str]]:
        if self.data is None or not hasattr(self.data, "getlist"):
            return []
        names = self.data.getlist("presenter_name")
        organisations = self.data.getlist("presenter_organisation")
        roles = self.data.getlist("presenter_role")

        def at(values: list[str], index: int) -> str:
            return values[index].strip() if index < len(values) else ""

        return [
            (name.strip(), at(organisations, index), at(roles, index))
            for index, name in enumerate(names[:MAX_PRESENTERS])
        ]

    def presenters(self) -> list[PresenterData]:
        """The presenter rows of the form (name, organisation, role); empty rows are skipped."""
        return [
            PresenterData(name[:200], organisation[:200], role[:200])
            for name, organisation, role in self._rows()
            if name
        ]

    def clean(self) -> dict:
        data = super().clean()
        if any(not name and (organisation or role) for name, organisation, role in self._rows()):
            raise forms.ValidationError(
                "En oplægsholder skal have et navn (organisation og rolle er valgfri)."
            )
        if data.get("restricted_to") and not data.get("confidential"):
            self.add_error(
                "restricted_to",
                "Kun et lukket punkt kan begrænses til udvalgte medlemmer: sæt kryds ved "
                "»Lukket punkt«, eller fjern krydserne ved medlemmerne.",
            )
        return data


class ItemAddForm(forms.Form):
    title = forms.CharField(label="Titel på nyt punkt", max_length=300)
    kind = forms.ChoiceField(label="Type", choices=KIND_CHOICES, required=False)
    duration_minutes = danish.WholeNumberField(
        label="Minutter", min_value=0, max_value=600, initial=10
    )


class StandingItemForm(forms.Form):
    """A committee's standing item: the title, type and minutes every new meeting starts with."""

    title = forms.CharField(label="Titel", max_length=300)
    kind = forms.ChoiceField(label="Type", choices=KIND_CHOICES, required=False)
    duration_minutes = danish.WholeNumberField(
        label="Minutter", min_value=0, max_value=600, initial=5
    )


class SectionForm(forms.Form):
    heading = forms.CharField(label="Overskrift", max_length=200, required=False)
    part = forms.CharField(
        label="Delpunkt",
        max_length=300,
        required=False,
        help_text="Valgfrit: en overskrift over en del af punktet.",
    )
    html = forms.CharField(label="Tekst", required=False, widget=forms.Textarea)
    version = danish.WholeNumberField(widget=forms.HiddenInput, required=False)

    def clean_html(self) -> str:
        html = self.cleaned_data["html"]
        check_html_size(html)
        return html


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse (valgfri)", max_length=400, required=False, widget=forms.Textarea
    )


class CopyForm(forms.Form):
    items = forms.TypedMultipleChoiceField(label="Punkter", coerce=int, choices=[])
    include_bilag = forms.BooleanField(label="Kopiér også bilagene", required=False)

    def __init__(self, *args: object, item_choices: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = item_choices
