"""Budgets in and out of spreadsheets: the table as .xlsx, spent-to-date from .xlsx or .csv.

An upload is judged by its content, never its name: an .xlsx is a zip with an `xl/` part,
a .csv must decode as text. Reading never writes; `preview_spent_import` says what would
change and which rows match no project, and only `budgets.services.spent_import` saves.
"""

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dap_portal import danish
from projects.models import FORMULA_STARTS

from .models import Budget
from .selectors import BudgetTable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FORMAT = '#,##0 "kr."'
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# An .xlsx of a few hundred rows unpacks to well under a megabyte; a bigger one is no
# spent-to-date sheet (and a zip bomb is refused before anything is unpacked).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 2000


class SpreadsheetError(Exception):
    """A file that cannot be imported at all; the message is a Danish sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Export -------------------------------------------------------------------------------


def _put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell; a string is always text, never a formula (quotePrefix, as Excel's `'`)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _sheet_title(table: BudgetTable) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    return re.sub(r"[\[\]:*?/\\]", "-", f"Budget {table.programme} {table.year}")[:31]


def export_filename(table: BudgetTable) -> str:
    """`Budget-DAP-2025.xlsx`."""
    stem = re.sub(r"[^\w-]+", "-", f"Budget-{table.programme}-{table.year}").strip("-")
    return f"{stem}.xlsx"


def export_xlsx(table: BudgetTable) -> bytes:
    """The budget table as an .xlsx workbook: amounts are numbers formatted as kroner.

    The 'Udisponerede midler', total and rest figures are written as values computed by
    `budgets.selectors`, not as formulas: the file then shows the same figures as the page
    and the agenda in any program, also one that does not recalculate formulas.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table)
    workbook.properties.title = f"Budget for {table.programme_name} {table.year}"
    workbook.properties.creator = "DAP-portalen"

    headings = ["Projekt"]
    headings += [f"Budget {table.year} ({danish.date_short(day)})" for day in table.revisions]
    suffix = f" {danish.date_short(table.spent_date)}" if table.spent_date else ""
    headings += [f"Forbrug{suffix}", f"Rest{suffix}"]

    _put(sheet, 1, 1, f"Budget for {table.programme_name} ({table.programme}) {table.year}")
    sheet["A1"].font = Font(bold=True, size=14)
    header_row = 3
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for column, heading in enumerate(headings, start=1):
        cell = _put(sheet, header_row, column, heading)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="left" if column == 1 else "right", wrap_text=True)

    body: list[list[object]] = [
        [row.project, *row.amounts, row.spent, row.rest] for row in table.rows
    ]
    unallocated = ["Udisponerede midler", *table.unallocated, None, table.latest_unallocated]
    total = ["Total", *([table.total] * len(table.revisions)), table.spent_total, table.rest_total]
    first = header_row + 1
    for offset, values in enumerate([*body, unallocated, total]):
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, first + offset, column, value)
            if column > 1:
                cell.number_format = AMOUNT_FORMAT
    unallocated_row = first + len(body)
    total_row = unallocated_row + 1
    for column in range(1, len(headings) + 1):
        sheet.cell(row=unallocated_row, column=column).font = Font(italic=True)
        total_cell = sheet.cell(row=total_row, column=column)
        total_cell.font = bold
        total_cell.border = Border(top=Side(style="medium"))

    widest = max([len(row.project) for row in table.rows] + [len("Udisponerede midler")])
    sheet.column_dimensions["A"].width = min(60, widest + 2)
    for column in range(2, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 18
    sheet.freeze_panes = sheet.cell(row=first, column=2)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Reading amounts and dates as Danish spreadsheets write them ---------------------------

# [0-9], never \d: \d (and int()) also take Arabic-Indic and other digits, so "١٢٣" would be
# read as 123 without anyone seeing what was typed.
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")  # 1.615.000
_PLAIN = re.compile(r"[0-9]+")  # 1615000
_POINT_DECIMALS = re.compile(r"([0-9]+)\.([0-9]{1,2})")  # 909784.00, as some exports write it
_ASCII_AMOUNT = re.compile(r"[0-9 .,+\-]*")
_CURRENCY = re.compile(r"^(?:kr\.?|dkk)\s*|\s*(?:kr\.?|dkk|,-)$", re.IGNORECASE)
_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{2,4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
AMOUNT_HINT = "Skriv beløbet i hele kroner, fx 1.615.000 eller 1615000."
DATE_HINT = "Skriv datoen som 31-08-2025, 31/8/2025 eller 2025-08-31."


def parse_amount(value: object) -> int:
    """Whole kroner from a cell: 1615000, '1.615.000', '1.615.000 kr.', '1615000,00'.

    Raises ValueError with a Danish sentence saying what is wrong.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("Beløbet mangler. " + AMOUNT_HINT)
    if isinstance(value, bool):
        raise ValueError(AMOUNT_HINT)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != value or not float(value).is_integer():  # NaN, or øre
            raise ValueError("Beløbet skal være i hele kroner, uden øre.")
        number = int(value)
    else:
        text = str(value).strip().replace("\u2212", "-")
        for space in (" ", "\u00a0", "\u202f", "\t"):
            text = text.replace(space, "")
        text = _CURRENCY.sub("", text)
        if not _ASCII_AMOUNT.fullmatch(text):
            raise ValueError(
                f"»{value}« er ikke et beløb: skriv det med cifrene 0-9, evt. med mellemrum "
                "eller punktum mellem tusinderne, fx 1.615.000."
            )
        negative = text.startswith("-")
        text = text.removeprefix("-").removeprefix("+")
        whole, comma, decimals = text.partition(",")
        if comma and decimals.strip("0") not in ("", "-"):
            raise ValueError(f"»{value}« har øre; beløbet skal være i hele kroner.")
        if _GROUPED.fullmatch(whole) or _PLAIN.fullmatch(whole):
            number = int(whole.replace(".", ""))
        elif (match := _POINT_DECIMALS.fullmatch(whole)) and not comma:
            if match.group(2).strip("0"):
                raise ValueError(f"»{value}« har øre; beløbet skal være i hele kroner.")
            number = int(match.group(1))
        else:
            raise ValueError(f"»{value}« er ikke et beløb. " + AMOUNT_HINT)
        if negative:
            number = -number
    if number < 0:
        raise ValueError("Beløbet kan ikke være negativt.")
    return number


def parse_date(value: object) -> dt.date:
    """A date from a cell: a date cell, '31-08-2025', '31/8/2025', '31.08.2025', '2025-08-31'.

    Raises ValueError with a Danish sentence saying what is wrong.
    """
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("Datoen mangler. " + DATE_HINT)
    text = str(value).strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) != 4:
            raise ValueError(f"»{text}«: skriv året med fire cifre. " + DATE_HINT)
    else:
        raise ValueError(f"»{text}« er ikke en dato. " + DATE_HINT)
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Datoen »{text}« findes ikke i kalenderen.") from None
    return _in_range(parsed)


def _in_range(day: dt.date) -> dt.date:
    if problem := danish.date_out_of_range(day):
        raise ValueError(problem)
    return day


# --- Reading a spent-to-date file ----------------------------------------------------------


@dataclass(frozen=True)
class ParsedRow:
    number: int  # the row's number in the file, as the spreadsheet program shows it
    project: str
    amount: int
    date: dt.date


@dataclass(frozen=True)
class RowProblem:
    number: int
    content: str  # the row as it was read, for the user to find it
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    kind: str  # "xlsx" or "csv"
    rows: tuple[ParsedRow, ...]
    problems: tuple[RowProblem, ...]
    has_header: bool


def _looks_like_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return False
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        return False
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError("Regnearket fylder for meget, når det pakkes ud.")
    return True


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            "Filen kunne ikke læses som et Excel-regneark (.xlsx). Gem den igen fra Excel."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise SpreadsheetError(
            "Filen er hverken et Excel-regneark (.xlsx) eller en tekstfil (.csv)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Danish Excel saves 'CSV (semikolonsepareret)' in Windows-1252.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "Filen kunne ikke læses som tekst. Gem den som CSV (UTF-8)."
        ) from None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        raise SpreadsheetError("Filen er ikke en tekstfil (.csv).")
    return text


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            yield number, list(values)
    except csv.Error as error:
        raise SpreadsheetError(f"CSV-filen kunne ikke læses: {error}.") from error


_HEADER_WORDS = {
    "project": ("projekt", "project", "navn", "linje"),
    "amount": ("beløb", "belob", "forbrug", "amount", "kr"),
    "date": ("dato", "date", "opgjort", "pr."),
}


def _header_columns(values: list[object]) -> dict[str, int] | None:
    """Column of each field when the row is a header naming them, else None."""
    found: dict[str, int] = {}
    for column, value in enumerate(values):
        text = str(value or "").strip().lower()
        for field, words in _HEADER_WORDS.items():
            if field not in found and text.startswith(words):
                found[field] = column
                break
    return found if len(found) == 3 else None


def _cell(values: list[object], columns: dict[str, int], field: str) -> object:
    index = columns[field]
    return values[index] if index < len(values) else None


def _is_header(values: list[object], columns: dict[str, int]) -> bool:
    """A first row whose amount and date cells are neither is a header (of any wording)."""
    for field, parse in (("amount", parse_amount), ("date", parse_date)):
        try:
            parse(_cell(values, columns, field))
        except ValueError:
            continue
        return False
    return True


def _show(values: Iterable[object]) -> str:
    text = " | ".join("" if value is None else str(value) for value in values).strip(" |")
    return text if len(text) <= 120 else text[:117] + "..."


def read_spent_file(data: bytes) -> ParsedFile:
    """The rows (project name, amount, date) of an .xlsx or .csv upload, and the bad ones.

    The columns are project, amount, date in that order, or in any order under a header row
    naming them (Projekt, Beløb/Forbrug, Dato). A first row that is no data is a header.
    """
    if not data:
        raise SpreadsheetError("Filen er tom.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            f"Filen er for stor ({len(data) // 1024} kB); højst {MAX_UPLOAD_BYTES // 1024} kB."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            "Filen er i Excels gamle format (.xls). Gem den som .xlsx eller .csv, og prøv igen."
        )
    kind = "xlsx" if _looks_like_xlsx(data) else "csv"
    if kind == "csv" and data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError("Filen er en zip-fil, men ikke et Excel-regneark (.xlsx).")
    source = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)

    columns = {"project": 0, "amount": 1, "date": 2}
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    has_header = False
    seen_first = False
    for number, raw in source:
        values = [value.strip() if isinstance(value, str) else value for value in raw]
        if all(value is None or value == "" for value in values):
            continue
        if not seen_first:
            seen_first = True
            header = _header_columns(values)
            if header is not None or _is_header(values, columns):
                columns = header or columns
                has_header = True
                continue
        if len(rows) + len(problems) >= MAX_ROWS:
            raise SpreadsheetError(f"Filen har for mange rækker; højst {MAX_ROWS}.")
        project = " ".join(str(_cell(values, columns, "project") or "").split())
        if not project:
            problems.append(RowProblem(number, _show(values), "Projektets navn mangler."))
            continue
        if project.startswith(FORMULA_STARTS):
            problems.append(
                RowProblem(
                    number,
                    _show(values),
                    "Projektets navn begynder med =, +, -, @ eller et tegn, der gør det til en "
                    "formel; intet projekt hedder sådan.",
                )
            )
            continue
        try:
            amount = parse_amount(_cell(values, columns, "amount"))
            date = parse_date(_cell(values, columns, "date"))
        except ValueError as error:
            problems.append(RowProblem(number, _show(values), str(error)))
            continue
        rows.append(ParsedRow(number=number, project=project, amount=amount, date=date))
    if not rows and not problems:
        raise SpreadsheetError("Filen har ingen rækker med forbrug.")
    return ParsedFile(kind=kind, rows=tuple(rows), problems=tuple(problems), has_header=has_header)


# --- What an import would change ----------------------------------------------------------


@dataclass(frozen=True)
class PreviewRow:
    number: int
    project: str
    line_id: int
    date: dt.date
    new: int
    old: int | None  # the amount this replaces: the line's spending as of the same date, or
    old_date: dt.date | None  # else its latest before the import (with its date)

    @property
    def status(self) -> str:
        """'ny' (no spending yet), 'uændret', 'ændres' (same date), 'ny opgørelse' (a later
        date) or 'ældre' (earlier than the latest: saved, but the table keeps the latest)."""
        if self.old is None:
            return "ny"
        if self.old_date == self.date:
            return "uændret" if self.old == self.new else "ændres"
        if self.old_date is not None and self.date < self.old_date:
            return "ældre"
        return "ny opgørelse"


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[PreviewRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def changing(self) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if row.status != "uændret")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def preview_spent_import(budget: Budget, parsed: ParsedFile) -> ImportPreview:
    """Match the rows to the budget's lines by project name; nothing is saved.

    `budget` is fetched through `budgets_with_figures()`.
    """
    lines = {_key(line.project.name): line for line in budget.lines.all()}
    names = [line.project.name for line in budget.lines.all()]
    problems = list(parsed.problems)
    rows: list[PreviewRow] = []
    seen: dict[tuple[int, dt.date], int] = {}
    label = f"{budget.programme.short_name} {budget.year}"
    for parsed_row in parsed.rows:
        line = lines.get(_key(parsed_row.project))
        if line is None:
            reason = (
                f"Ukendt projekt: intet projekt i budget {label} hedder »{parsed_row.project}«."
            )
            close = difflib.get_close_matches(parsed_row.project, names, n=1, cutoff=0.75)
            if close:
                reason += f" Mente du »{close[0]}«?"
            problems.append(RowProblem(parsed_row.number, parsed_row.project, reason))
            continue
        key = (line.pk, parsed_row.date)
        if key in seen:
            problems.append(
                RowProblem(
                    parsed_row.number,
                    parsed_row.project,
                    f"{line.project.name} står allerede i række {seen[key]} med datoen "
                    f"{danish.date_long(parsed_row.date)}; kun én værdi pr. projekt og dato.",
                )
            )
            continue
        seen[key] = parsed_row.number
        spent = list(line.spent.all())  # ordered by date
        same_day = next((entry for entry in spent if entry.date == parsed_row.date), None)
        shown = same_day or (spent[-1] if spent else None)
        rows.append(
            PreviewRow(
                number=parsed_row.number,
                project=line.project.name,
                line_id=line.pk,
                date=parsed_row.date,
                new=parsed_row.amount,
                old=shown.amount if shown else None,
                old_date=shown.date if shown else None,
            )
        )
    problems.sort(key=lambda problem: problem.number)
    return ImportPreview(rows=tuple(rows), problems=tuple(problems))
