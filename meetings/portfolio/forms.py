"""Forms of the secretariat's portfolio figures on the agenda: embeds and budget proposals."""

from django import forms

from budgets.forms import AmountField
from budgets.selectors import BudgetTable


class EmbedAddForm(forms.Form):
    budget = forms.ChoiceField(label="Budgettabel")
    part = forms.CharField(
        label="Delpunkt",
        required=False,
        max_length=300,
        help_text="Navnet på det delpunkt, tabellen står under (tomt: efter punktets tekst).",
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], parts: list[str], **kw):
        super().__init__(*args, **kw)
        self.fields["budget"].choices = choices
        self.part_suggestions = parts

    def programme_and_year(self) -> tuple[int, int]:
        programme, year = self.cleaned_data["budget"].split(":")
        return int(programme), int(year)


class ProposalBudgetForm(forms.Form):
    budget = forms.ChoiceField(label="Budget")

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kw):
        super().__init__(*args, **kw)
        self.fields["budget"].choices = choices


class ProposalForm(forms.Form):
    """A new amount per budget line (blank: unchanged) and the reason."""

    note = forms.CharField(label="Begrundelse", required=False, widget=forms.Textarea)

    def __init__(self, *args: object, table: BudgetTable, initial_amounts: dict[int, int], **kw):
        super().__init__(*args, **kw)
        self.rows = []
        for row in table.rows:
            name = f"line_{row.line_id}"
            # ASCII digits, spaces and dots only, as on the budget page (not IntegerField,
            # which reads "١٢٣" as 123).
            self.fields[name] = AmountField(
                label=row.project,
                required=False,
                initial=initial_amounts.get(row.line_id),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
            self.rows.append((row, name))

    def amounts(self) -> dict[int, int]:
        return {
            row.line_id: self.cleaned_data[name]
            for row, name in self.rows
            if self.cleaned_data.get(name) is not None
        }

    def bound_rows(self) -> list[tuple[object, forms.BoundField]]:
        return [(row, self[name]) for row, name in self.rows]
