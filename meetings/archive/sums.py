"""The sums of an imported budget table, checked.

The portal's own agendas compute their budget tables, so their sums are right; a Word or PDF
agenda was typed by hand and can be wrong. For every budget-like table the reader extracts (a
header row, rows of amounts, and a total row):

- each amount column must add up to the figure in its total row;
- a "rest" column must be budget minus spent in every row (the budget being the last budget
  column before the spent column).

Each finding names the row, the column and both figures in Danish amounts, for the preview's
"se efter" list. Nothing is corrected: the figures stay as the file has them.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dap_portal import danish

_AMOUNT = re.compile(
    r"^(?P<sign>[-−–])?\s*(?P<number>\d{1,3}(?:\.\d{3})*|\d+)(?:,(?P<decimals>\d{1,2}))?"
    r"\s*(?:kr\.?|dkk)?$",
    re.IGNORECASE,
)
_TOTAL = ("total", "i alt", "ialt", "sum", "samlet", "totalt", "sum i alt")
_REST = ("rest", "resterende", "restbudget", "restbeløb", "restsaldo", "rest.")
_SPENT = ("forbrug", "forbrugt", "brugt", "afholdt", "udgift", "udgifter", "afløb")
_BUDGET = ("budget", "budgetteret", "bevilling", "ramme")


def parse_amount(text: str) -> Decimal | None:
    """`1.615.000 kr.` -> 1615000; `-87.000 kr.` -> -87000; None when not an amount."""
    match = _AMOUNT.match(text.strip().replace("\u00a0", " "))
    if match is None:
        return None
    try:
        value = Decimal(match["number"].replace(".", ""))
        if match["decimals"]:
            value += Decimal(match["decimals"]) / Decimal(10) ** len(match["decimals"])
    except InvalidOperation:
        return None
    return -value if match["sign"] else value


def _words(header: str) -> list[str]:
    return re.findall(r"[a-zæøå]+\.?", header.lower())


def _says(header: str, words: tuple[str, ...]) -> bool:
    return any(word in words or word.rstrip(".") in words for word in _words(header))


def _is_rest(header: str) -> bool:
    return any(word.startswith("rest") for word in _words(header))


def _is_spent(header: str) -> bool:
    return not _is_rest(header) and _says(header, _SPENT)


def _is_budget(header: str) -> bool:
    return not _is_rest(header) and not _is_spent(header) and _says(header, _BUDGET)


def _is_total(label: str) -> bool:
    return " ".join(_words(label)).rstrip(".") in _TOTAL


def _kr(value: Decimal) -> str:
    if value == value.to_integral_value():
        return danish.amount(int(value))
    whole = danish.amount(int(value)).removesuffix(" kr.")
    decimals = f"{abs(value) % 1:.2f}"[2:]
    return f"{whole},{decimals} kr."


@dataclass(frozen=True)
class SumProblem:
    """One figure that does not add up: its row, its column, what it says, what it should be."""

    row: str
    column: str
    written: Decimal
    computed: Decimal
    message: str


@dataclass(frozen=True)
class _Budget:
    header: list[str]
    rows: list[list[str]]  # the rows between the header and the total row
    total: list[str]
    amount_columns: list[int]


def _budget_table(rows: list[list[str]]) -> _Budget | None:
    """The table as a budget (header, amount rows, total row), or None if it is not one."""
    if len(rows) < 3:
        return None
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    total_at = next(
        (index for index in range(len(rows) - 1, 0, -1) if _is_total(rows[index][0])), None
    )
    if total_at is None or total_at < 2:
        return None
    body = [row for row in rows[1:total_at] if any(cell.strip() for cell in row)]
    columns = []
    for column in range(1, width):
        cells = [row[column] for row in body if row[column].strip()]
        amounts = [cell for cell in cells if parse_amount(cell) is not None]
        if amounts and len(amounts) == len(cells) and parse_amount(rows[total_at][column]):
            columns.append(column)
    if not columns:
        return None
    return _Budget(rows[0], body, rows[total_at], columns)


def _value(cell: str) -> Decimal:
    return parse_amount(cell) or Decimal(0)


def _label(row: list[str]) -> str:
    return " ".join(row[0].split()) or "(uden navn)"


def _column_sums(table: _Budget) -> list[SumProblem]:
    problems = []
    for column in table.amount_columns:
        computed = sum((_value(row[column]) for row in table.rows), Decimal(0))
        written = _value(table.total[column])
        if computed != written:
            name, row = table.header[column].strip(), _label(table.total)
            problems.append(
                SumProblem(
                    row=row,
                    column=name,
                    written=written,
                    computed=computed,
                    message=(
                        f"{row}: {name} er {_kr(written)}, men kolonnens rækker giver "
                        f"tilsammen {_kr(computed)}"
                    ),
                )
            )
    return problems


def _rests(table: _Budget) -> list[SumProblem]:
    header = table.header
    amount = table.amount_columns
    rest = next((c for c in amount if _is_rest(header[c])), None)
    spent = next((c for c in amount if _is_spent(header[c])), None)
    if rest is None or spent is None:
        return []
    budgets = [c for c in amount if _is_budget(header[c]) and c < spent]
    budgets = budgets or [c for c in amount if _is_budget(header[c])]
    if not budgets:
        return []
    budget = budgets[-1]
    problems = []
    for row in [*table.rows, table.total]:
        if not row[rest].strip() and not row[budget].strip():
            continue
        written = _value(row[rest])
        computed = _value(row[budget]) - _value(row[spent])
        if written != computed:
            name = _label(row)
            problems.append(
                SumProblem(
                    row=name,
                    column=header[rest].strip(),
                    written=written,
                    computed=computed,
                    message=(
                        f"{name}: {header[rest].strip()} er {_kr(written)}, men "
                        f"{header[budget].strip()} − {header[spent].strip()} er "
                        f"{_kr(computed)}"
                    ),
                )
            )
    return problems


def table_problems(rows: list[list[str]]) -> list[SumProblem]:
    """What does not add up in one table (rows of cell texts, the header first); [] for a
    table that is no budget."""
    table = _budget_table(rows)
    if table is None:
        return []
    return _rests(table) + _column_sums(table)
