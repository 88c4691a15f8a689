"""Budgets of a programme: revisions, lines per project, spent-to-date amounts.

Only typed figures are stored. Rests, totals and unallocated funds are computed by
`budgets.selectors`, so a budget table can never contradict itself.
"""

from django.db import models

from projects.models import Programme, Project


class Budget(models.Model):
    """A programme's budget for one year, with the total the lines are allocated from."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="budgets", verbose_name="program"
    )
    year = models.PositiveSmallIntegerField("år")
    total = models.BigIntegerField("samlet ramme (kr.)")
    currency = models.CharField("valuta", max_length=3, default="DKK")
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["programme__short_name", "-year"]
        verbose_name = "budget"
        verbose_name_plural = "budgetter"
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="budget_one_per_year"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="budget_total_gte_0"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="budget_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Budget {self.programme.short_name} {self.year}"


class BudgetRevision(models.Model):
    """A dated version of the budget's allocation (e.g. 28/4 and 31/8)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="revisions")
    date = models.DateField("dato")

    class Meta:
        ordering = ["budget", "date"]
        verbose_name = "budgetrevision"
        verbose_name_plural = "budgetrevisioner"
        constraints = [
            models.UniqueConstraint(fields=["budget", "date"], name="revision_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} ({self.date:%d.%m.%Y})"


class BudgetLine(models.Model):
    """One project's line in a budget."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="budget_lines", verbose_name="projekt"
    )
    position = models.PositiveIntegerField("rækkefølge")

    class Meta:
        ordering = ["budget", "position"]
        verbose_name = "budgetlinje"
        verbose_name_plural = "budgetlinjer"
        constraints = [
            models.UniqueConstraint(fields=["budget", "project"], name="line_one_per_project"),
            models.UniqueConstraint(fields=["budget", "position"], name="line_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.project}"


class BudgetAmount(models.Model):
    """The amount allocated to a line in one revision; no row means nothing allocated."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts")
    revision = models.ForeignKey(BudgetRevision, on_delete=models.CASCADE, related_name="amounts")
    amount = models.BigIntegerField("beløb (kr.)")

    class Meta:
        ordering = ["line", "revision__date"]
        verbose_name = "budgetbeløb"
        verbose_name_plural = "budgetbeløb"
        constraints = [
            models.UniqueConstraint(fields=["line", "revision"], name="amount_one_per_revision"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.revision.date}: {self.amount}"


class SpentAmount(models.Model):
    """Spent to date on a line, as reported on a date."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="spent")
    date = models.DateField("opgjort dato")
    amount = models.BigIntegerField("forbrug (kr.)")

    class Meta:
        ordering = ["line", "date"]
        verbose_name = "forbrug"
        verbose_name_plural = "forbrug"
        constraints = [
            models.UniqueConstraint(fields=["line", "date"], name="spent_one_per_date"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="spent_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.date}: {self.amount}"
