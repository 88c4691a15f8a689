"""Forms of written procedures: they parse and validate input; services do the writing."""

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from dap_portal import danish
from dap_portal.danish import WholeNumberField
from projects.models import Project

from ..editor.forms import DateInput, TimeInput
from ..models import AnswerChoice, ProcedureRule, WrittenProcedure
from .services import SECTION_HEADINGS

SECTION_FIELDS = {heading: f"section_{index}" for index, heading in enumerate(SECTION_HEADINGS)}


class ProcedureForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    deadline_date = forms.DateField(
        label="Svarfrist, dato", widget=DateInput(), validators=[danish.validate_date_range]
    )
    deadline_time = forms.TimeField(
        label="Svarfrist, klokkeslæt", widget=TimeInput(), initial=dt.time(12, 0)
    )
    rule = forms.ChoiceField(
        label="Afgørelsesregel",
        choices=ProcedureRule.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        help_text="Stiltiende godkendelse: godkendt, medmindre nogen afviser inden fristen. "
        "Flertal: godkendt, når flere stemmer Godkend end Afvis, og nok har stemt.",
    )
    quorum = WholeNumberField(
        label="Beslutningsdygtig ved (antal stemmer)",
        min_value=1,
        required=False,
        help_text="Kun ved Flertal. Tom: mere end halvdelen af de stemmeberettigede.",
    )
    reminder_days = WholeNumberField(
        label="Påmindelse, dage før fristen", min_value=0, max_value=30, initial=2
    )
    confidential = forms.BooleanField(
        label="Lukket proces (observatører ser den ikke)", required=False
    )
    hide_answers = forms.BooleanField(
        label="Skjul medlemmernes svar for hinanden indtil fristen", required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projekter", queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args: object, projects: QuerySet[Project], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        for heading, name in SECTION_FIELDS.items():
            self.fields[name] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )
        for name, field in self.fields.items():
            if name == "rule":
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-checkbox")
            elif name == "projects":
                field.widget.attrs.setdefault("class", "form-select")
            elif name.startswith("section_"):
                field.widget.attrs.update(
                    {"class": "form-input rich-text-source", "data-rich-text": ""}
                )
            else:
                field.widget.attrs.setdefault("class", "form-input")

    @classmethod
    def for_procedure(
        cls, procedure: WrittenProcedure, projects: QuerySet[Project], data: object = None
    ) -> "ProcedureForm":
        local = timezone.localtime(procedure.deadline)
        sections = {section.heading: section.html for section in procedure.sections.all()}
        initial = {
            "title": procedure.title,
            "deadline_date": local.date(),
            "deadline_time": local.time().replace(second=0, microsecond=0),
            "rule": procedure.rule,
            "quorum": procedure.quorum,
            "reminder_days": procedure.reminder_days,
            "confidential": procedure.confidential,
            "hide_answers": procedure.hide_answers,
            "projects": [project.pk for project in procedure.projects.all()],
            **{name: sections.get(heading, "") for heading, name in SECTION_FIELDS.items()},
        }
        return cls(data, initial=initial, projects=projects)

    def clean(self) -> dict:
        data = super().clean()
        day, time = data.get("deadline_date"), data.get("deadline_time")
        if day and time:
            data["deadline"] = timezone.make_aware(dt.datetime.combine(day, time))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "deadline": data["deadline"],
            "rule": data["rule"],
            "quorum": data.get("quorum"),
            "confidential": data.get("confidential", False),
            "hide_answers": data.get("hide_answers", False),
            "reminder_days": data.get("reminder_days")
            if data.get("reminder_days") is not None
            else 2,
            "sections": {heading: data.get(name, "") for heading, name in SECTION_FIELDS.items()},
            "project_ids": [project.pk for project in data.get("projects") or []],
        }


class ProcedureBilagForm(forms.Form):
    file = forms.FileField(
        label="Fil", widget=forms.ClearableFileInput(attrs={"class": "form-file-input"})
    )
    title = forms.CharField(
        label="Titel",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class AnswerForm(forms.Form):
    choice = forms.ChoiceField(label="Dit svar", choices=AnswerChoice.choices)
    remark = forms.CharField(
        label="Bemærkning",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        error_messages={
            "max_length": "Bemærkningen må højst være %(limit_value)d tegn (den har "
            "%(show_value)d). Forkort den, og svar igen."
        },
    )


class DecisionForm(forms.Form):
    html = forms.CharField(
        label="Beslutning",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "class": "form-input rich-text-source", "data-rich-text": ""}
        ),
    )
