"""Programmes and their projects: the portfolio the steering group oversees."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

# A spreadsheet program reads a cell starting with one of these as a formula (tab and CR are
# stripped before it looks): no name of a programme or project may start so, whatever the
# export does, so that a name can never become a live formula in someone's Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_plain_name(value: str) -> None:
    """Refuse a name that a spreadsheet would read as a formula, or that holds control codes."""
    if value.startswith(FORMULA_STARTS):
        raise ValidationError(
            "Navnet må ikke begynde med =, +, -, @, tabulator eller linjeskift.", code="formula"
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValidationError("Navnet må ikke indeholde tabulatorer eller linjeskift.")


class Programme(models.Model):
    """A programme such as Digital Almen Praksis (DAP), with its portfolio of projects."""

    short_name = models.CharField("kort navn", max_length=30, unique=True)
    name = models.CharField("navn", max_length=200)

    class Meta:
        ordering = ["short_name"]
        verbose_name = "program"
        verbose_name_plural = "programmer"

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    def clean(self) -> None:
        errors = {}
        for field in ("short_name", "name"):
            try:
                check_plain_name(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


class Phase(models.TextChoices):
    """Where a project is in its life, in the order it moves through them."""

    IDEA = "ide", "Idé"
    ANALYSIS = "analyse", "Analyse"
    DEVELOPMENT = "udvikling", "Udvikling"
    PILOT = "pilotdrift", "Pilotdrift"
    OPERATION = "drift", "Drift"
    CLOSED = "afsluttet", "Afsluttet"


class Project(models.Model):
    """A project of a programme; agenda items and budget lines refer to it by its name."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name="program"
    )
    name = models.CharField("navn", max_length=200)
    owner = models.CharField("projektejer", max_length=200, blank=True)
    project_management = models.CharField("projektledelse", max_length=200, blank=True)
    project_lead = models.CharField("projektleder", max_length=200, blank=True)
    # Every project is in some phase; a new one starts as an idea.
    phase = models.CharField("fase", max_length=20, choices=Phase.choices, default=Phase.IDEA)

    class Meta:
        ordering = ["name"]
        verbose_name = "projekt"
        verbose_name_plural = "projekter"
        constraints = [
            # The interchange format names projects by name alone, so a name must be unique.
            models.UniqueConstraint(Lower("name"), name="project_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values), name="project_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            check_plain_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from None


class TrafficLight(models.TextChoices):
    """A status light; each has a shape as well as a colour, so it reads without colour."""

    GREEN = "green", "Grøn"
    YELLOW = "yellow", "Gul"
    RED = "red", "Rød"


# Circle, triangle, square: told apart by shape alone, as on a printed status report.
LIGHT_SYMBOLS = {TrafficLight.GREEN: "●", TrafficLight.YELLOW: "▲", TrafficLight.RED: "■"}
# What each light means, for screen readers and the legend.
LIGHT_MEANINGS = {
    TrafficLight.GREEN: "efter planen",
    TrafficLight.YELLOW: "risiko for afvigelse",
    TrafficLight.RED: "afviger fra planen",
}


@dataclass(frozen=True)
class Light:
    """One traffic light of a status report, with what shows it without colour."""

    area: str  # "Tid", "Økonomi", "Omfang"
    value: str

    @property
    def label(self) -> str:
        return TrafficLight(self.value).label

    @property
    def symbol(self) -> str:
        return LIGHT_SYMBOLS[TrafficLight(self.value)]

    @property
    def meaning(self) -> str:
        return LIGHT_MEANINGS[TrafficLight(self.value)]


class StatusReport(models.Model):
    """A project's dated status: time, economy and scope as traffic lights, and what is next."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_reports", verbose_name="projekt"
    )
    date = models.DateField("dato")
    time = models.CharField("tid", max_length=10, choices=TrafficLight.choices)
    economy = models.CharField("økonomi", max_length=10, choices=TrafficLight.choices)
    scope = models.CharField("omfang", max_length=10, choices=TrafficLight.choices)
    text = models.CharField("status", max_length=1000)
    next_milestone = models.CharField("næste milepæl", max_length=300, blank=True)
    next_milestone_date = models.DateField("næste milepæls dato", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["project", "-date"]
        verbose_name = "statusrapport"
        verbose_name_plural = "statusrapporter"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "date"],
                name="status_report_one_per_day",
                violation_error_message="Projektet har allerede en statusrapport med den dato.",
            ),
            models.CheckConstraint(
                condition=models.Q(time__in=TrafficLight.values)
                & models.Q(economy__in=TrafficLight.values)
                & models.Q(scope__in=TrafficLight.values),
                name="status_report_lights_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date:%d.%m.%Y}"

    @property
    def lights(self) -> list["Light"]:
        """Time, economy and scope, in the order a report lists them."""
        return [
            Light("Tid", self.time),
            Light("Økonomi", self.economy),
            Light("Omfang", self.scope),
        ]


class PortfolioChange(models.Model):
    """Who changed what in the portfolio (projects, status, budgets) and when.

    `subject_type`/`subject_id` name the page the change belongs to (a project or a budget),
    so the budget page can list its changes; `changes` holds the old and new values.
    """

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name="program",
    )
    action = models.CharField("handling", max_length=60)
    subject_type = models.CharField("hører til", max_length=30)
    subject_id = models.PositiveBigIntegerField("hører til id")
    object_type = models.CharField("objekttype", max_length=60, blank=True)
    object_id = models.CharField("objekt-id", max_length=40, blank=True)
    summary = models.CharField("beskrivelse", max_length=500)
    changes = models.JSONField("ændringer", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "porteføljeændring"
        verbose_name_plural = "porteføljeændringer"
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "-at"], name="change_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"
