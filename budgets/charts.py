"""The chart of budget against spent per project, laid out for server-rendered SVG.

Only geometry and labels are computed here; the template draws them. Every bar carries its
value as text and the two kinds of bar differ by fill pattern as well as colour, so the
chart reads in greyscale and without colour vision.
"""

from dataclasses import dataclass

from dap_portal import danish

from .selectors import BudgetTable

WIDTH = 800
BAR_AREA = 470  # the longest bar; the rest of the width holds the value labels
BAR_HEIGHT = 18
LEGEND_HEIGHT = 40
GROUP_HEIGHT = 80  # the project's name, the budget bar and the spent bar, and a gap


@dataclass(frozen=True)
class ChartGroup:
    project: str
    budget: int
    spent: int | None
    y: int  # top of the group: the name's baseline is y + 14
    budget_width: int
    spent_width: int

    @property
    def label_y(self) -> int:
        return self.y + 14

    @property
    def budget_y(self) -> int:
        return self.y + 22

    @property
    def spent_y(self) -> int:
        return self.y + 22 + BAR_HEIGHT + 4

    @property
    def budget_text_y(self) -> int:
        return self.budget_y + 14

    @property
    def spent_text_y(self) -> int:
        return self.spent_y + 14

    @property
    def budget_text_x(self) -> int:
        return self.budget_width + 8

    @property
    def spent_text_x(self) -> int:
        return self.spent_width + 8

    @property
    def overspent(self) -> bool:
        return (self.spent or 0) > self.budget

    @property
    def budget_label(self) -> str:
        return f"Budget {danish.amount(self.budget)}"

    @property
    def spent_label(self) -> str:
        if self.spent is None:
            return "Forbrug: intet opgjort"
        label = f"Forbrug {danish.amount(self.spent)}"
        if self.budget:
            label += f" ({round(100 * self.spent / self.budget)} %)"
        if self.overspent:
            label += " – over budget"
        return label


@dataclass(frozen=True)
class BudgetChart:
    groups: tuple[ChartGroup, ...]
    width: int
    height: int
    budget_heading: str  # `Budget 2025 (31/8)`
    spent_heading: str  # `Forbrug 31/8`
    bar_height: int = BAR_HEIGHT


def _width(value: int | None, scale: int) -> int:
    if not value or value <= 0:
        return 0
    # A bar of a small but real amount stays visible.
    return max(2, round(BAR_AREA * value / scale))


def budget_chart(table: BudgetTable) -> BudgetChart:
    """Bars of each line's latest budget and its spending, on one scale."""
    scale = max([max(row.latest, row.spent or 0) for row in table.rows] + [1])
    groups = tuple(
        ChartGroup(
            project=row.project,
            budget=row.latest,
            spent=row.spent,
            y=LEGEND_HEIGHT + index * GROUP_HEIGHT,
            budget_width=_width(row.latest, scale),
            spent_width=_width(row.spent, scale),
        )
        for index, row in enumerate(table.rows)
    )
    latest = table.revisions[-1] if table.revisions else None
    budget_heading = f"Budget {table.year}" + (f" ({danish.date_short(latest)})" if latest else "")
    spent_heading = "Forbrug" + (
        f" {danish.date_short(table.spent_date)}" if table.spent_date else ""
    )
    return BudgetChart(
        groups=groups,
        width=WIDTH,
        height=LEGEND_HEIGHT + len(groups) * GROUP_HEIGHT,
        budget_heading=budget_heading,
        spent_heading=spent_heading,
    )
