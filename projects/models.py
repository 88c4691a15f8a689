"""Programmes and their projects: the portfolio the steering group oversees."""

from django.db import models
from django.db.models.functions import Lower


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


class Project(models.Model):
    """A project of a programme; agenda items and budget lines refer to it by its name."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name="program"
    )
    name = models.CharField("navn", max_length=200)
    owner = models.CharField("projektejer", max_length=200, blank=True)
    project_management = models.CharField("projektledelse", max_length=200, blank=True)
    project_lead = models.CharField("projektleder", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "projekt"
        verbose_name_plural = "projekter"
        constraints = [
            # The interchange format names projects by name alone, so a name must be unique.
            models.UniqueConstraint(Lower("name"), name="project_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name
