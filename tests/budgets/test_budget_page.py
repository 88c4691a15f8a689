"""The budget page: item 8's table from the seed, the chart, inline editing and who may do it."""

import dataclasses

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from budgets.models import BudgetLine, SpentAmount
from budgets.selectors import budget_table_for
from budgets.services import spent_set
from meetings.models import Committee, Role
from projects.models import PortfolioChange, Project
from tests.budgets.helpers import (
    AUGUST,
    BUDGET_URL,
    PROGRAMLEDELSE,
    import_seed,
    make_budget,
    row_text,
    text_of,
)
from tests.factories import CommitteeFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return import_seed()


@pytest.fixture
def dap(seed) -> Committee:
    return seed.committee


def login(client, committee, role=Role.MEMBER, **fields):
    user = member(committee, role, **fields)
    client.force_login(user)
    return user


def line_of(project_name: str) -> BudgetLine:
    return BudgetLine.objects.select_related("budget").get(project__name=project_name)


# --- The figures, as item 8 of the seed agenda reads ------------------------------------------


def test_seed_budget_page_shows_item_8_computed(client, dap):
    login(client, dap)

    response = client.get(BUDGET_URL)

    assert response.status_code == 200
    text = text_of(response)
    assert "Budget 2025 for Digital Almen Praksis" in text
    assert "Projekt Budget 2025 (28/4) Budget 2025 (31/8) Forbrug 31/8 Rest 31/8" in text
    # 1.850.000 - 909.784: the typed agenda said 910.246.
    assert row_text(response, PROGRAMLEDELSE) == (
        f"{PROGRAMLEDELSE} 1.615.000 kr. 1.850.000 kr. 909.784 kr. 940.216 kr."
    )
    assert row_text(response, "Udisponerede midler") == (
        "Udisponerede midler -87.000 kr. 170.000 kr. 170.000 kr."
    )
    assert row_text(response, "Total") == (
        "Total 8.000.000 kr. 8.000.000 kr. 3.969.652 kr. 4.030.348 kr."
    )


def test_rest_total_is_the_sum_of_the_rest_column_including_unallocated(client, dap):
    login(client, dap)

    response = client.get(BUDGET_URL)

    table = response.context["table"]
    rests = [row.rest for row in table.rows] + [table.latest_unallocated]
    assert sum(rests) == table.rest_total == 4_030_348
    shown = [row_text(response, row.project).rsplit(" ", 2)[-2] for row in table.rows]
    assert sum(int(amount.replace(".", "")) for amount in shown) + 170_000 == 4_030_348


def test_chart_has_a_bar_per_project_with_its_figures_as_text(client, dap):
    login(client, dap)

    body = client.get(BUDGET_URL).content.decode()

    start = body.index('<svg class="budget-chart-svg"')
    svg = body[start : body.index("</svg>", start)]
    assert svg.count('class="budget-chart-bar budget-chart-bar--budget"') == 9
    assert svg.count('class="budget-chart-bar budget-chart-bar--spent"') == 9
    assert "Budget 1.850.000 kr." in svg
    assert "Forbrug 909.784 kr. (49 %)" in svg
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    # The strict CSP allows no style attributes; presentation attributes are fine.
    assert "style=" not in body


def test_only_the_secretariat_sees_edit_controls(client, dap):
    login(client, dap, Role.CHAIR)
    chair_page = client.get(BUDGET_URL).content.decode()
    assert "Ret forbrug" not in chair_page
    assert "Ret budgettet" not in chair_page
    assert "Indlæs forbrug" not in chair_page

    login(client, dap, Role.SECRETARIAT)
    secretariat_page = client.get(BUDGET_URL).content.decode()
    assert f"forbrug for {PROGRAMLEDELSE}</span></a>" in secretariat_page
    assert "Ret budgettet" in secretariat_page


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER, Role.SECRETARIAT])
def test_every_role_of_the_overseeing_committee_reads_the_budget(client, dap, role):
    login(client, dap, role)

    assert client.get(BUDGET_URL).status_code == 200
    assert client.get(BUDGET_URL + "eksport.xlsx").status_code == 200


def test_a_member_of_another_committee_gets_404(client, seed):
    other = CommitteeFactory(short_name="KOL", name="Styregruppen for KOL")
    login(client, other, Role.SECRETARIAT)

    assert client.get(BUDGET_URL).status_code == 404
    assert client.get(BUDGET_URL + "eksport.xlsx").status_code == 404
    line = line_of(PROGRAMLEDELSE)
    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/forbrug/", {"amount": "1", "date": "2025-08-31"}
    )
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(client, seed):
    response = client.get(BUDGET_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_budget_is_404(client, dap):
    login(client, dap)

    assert client.get("/portefoelje/budgetter/DAP/2024/").status_code == 404
    assert client.get("/portefoelje/budgetter/XYZ/2025/").status_code == 404


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_only_the_secretariat_edits_everyone_else_gets_404(client, dap, role):
    login(client, dap, role)
    line = line_of(PROGRAMLEDELSE)
    revision = line.budget.revisions.get(date=AUGUST)

    urls = {
        f"linjer/{line.pk}/forbrug/": {"amount": "1", "date": "2025-08-31"},
        f"linjer/{line.pk}/revisioner/{revision.pk}/": {"amount": "1"},
        "revisioner/ny/": {"date": "2025-11-30"},
        "linjer/ny/": {"project": line.project_id},
        "ramme/": {"total": "1"},
        "import/": {},
        "import/gem/": {"token": "x"},
    }
    for url, data in urls.items():
        assert client.post(BUDGET_URL + url, data).status_code == 404, url
    assert client.get(BUDGET_URL + f"linjer/{line.pk}/forbrug/").status_code == 404
    assert client.get(BUDGET_URL + "import/").status_code == 404
    assert SpentAmount.objects.get(line=line).amount == 909_784
    assert not PortfolioChange.objects.exists()


def test_a_superuser_edits(client, seed):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    line = line_of(PROGRAMLEDELSE)

    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/forbrug/", {"amount": "1.000.000", "date": "2025-08-31"}
    )

    assert response.status_code == 302
    assert SpentAmount.objects.get(line=line).amount == 1_000_000


# --- Inline editing --------------------------------------------------------------------------


def test_ret_with_htmx_returns_the_cell_form(client, dap):
    login(client, dap, Role.SECRETARIAT)
    line = line_of(PROGRAMLEDELSE)

    response = client.get(BUDGET_URL + f"linjer/{line.pk}/forbrug/", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'name="amount" value="909.784"' in body
    assert 'name="date" value="2025-08-31"' in body
    assert f'hx-post="{BUDGET_URL}linjer/{line.pk}/forbrug/"' in body


def test_ret_without_javascript_shows_the_page_with_that_cell_as_a_form(client, dap):
    login(client, dap, Role.SECRETARIAT)
    line = line_of(PROGRAMLEDELSE)

    response = client.get(BUDGET_URL + f"linjer/{line.pk}/forbrug/")

    body = response.content.decode()
    assert "<html" in body
    assert body.count('class="budget-cell-form"') == 1
    assert f'action="{BUDGET_URL}linjer/{line.pk}/forbrug/"' in body


def test_saving_spent_with_htmx_updates_rest_totals_chart_and_changes(client, dap):
    secretary = login(client, dap, Role.SECRETARIAT, first_name="Sofie", last_name="Lindberg")
    line = line_of(PROGRAMLEDELSE)

    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/forbrug/",
        {"amount": "1.000.000", "date": "2025-08-31"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="budget-live"')
    assert row_text(response, PROGRAMLEDELSE).endswith("1.000.000 kr. 850.000 kr.")
    assert row_text(response, "Total").endswith("4.059.868 kr. 3.940.132 kr.")
    assert "Forbrug 1.000.000 kr. (54 %)" in body
    assert "Gemt: forbruget for Programledelse" in body
    assert 'hx-swap-oob="true"' in body
    change = PortfolioChange.objects.get()
    assert change.actor == secretary
    assert f"Sofie Lindberg {change.summary}" in text_of(response)


def test_saving_spent_without_javascript_redirects_back_with_a_message(client, dap):
    login(client, dap, Role.SECRETARIAT)
    line = line_of(PROGRAMLEDELSE)

    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/forbrug/",
        {"amount": "1000000", "date": "31-08-2025"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == BUDGET_URL + "#budgettabel"
    assert "Gemt: forbruget for" in text_of(response)
    assert row_text(response, PROGRAMLEDELSE).endswith("850.000 kr.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "-5", "date": "2025-08-31"}, "Beløbet kan ikke være negativt."),
        ({"amount": "12,50", "date": "2025-08-31"}, "beløbet skal være i hele kroner"),
        ({"amount": "mange", "date": "2025-08-31"}, "er ikke et beløb"),
        ({"amount": "100", "date": "2025-02-30"}, "Skriv en gyldig dato"),
        ({"amount": "100", "date": "2020-08-31"}, "uden for budgetåret 2025"),
        ({"amount": "", "date": "2025-08-31"}, "Skriv et beløb"),
        ({"amount": "١٢٣", "date": "2025-08-31"}, "skriv det med cifrene 0-9"),
    ],
)
def test_a_bad_value_is_shown_in_the_cell_and_nothing_changes(client, dap, data, message):
    login(client, dap, Role.SECRETARIAT)
    line = line_of(PROGRAMLEDELSE)

    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/forbrug/", data, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="budget-cell-form"') == 1
    assert message in text_of(response)
    assert 'aria-invalid="true"' in body
    assert SpentAmount.objects.get(line=line).amount == 909_784
    assert not PortfolioChange.objects.exists()


def test_editing_a_revision_amount_updates_unallocated(client, dap):
    login(client, dap, Role.SECRETARIAT)
    line = line_of(PROGRAMLEDELSE)
    april = line.budget.revisions.get(date="2025-04-28")

    response = client.post(
        BUDGET_URL + f"linjer/{line.pk}/revisioner/{april.pk}/",
        {"amount": "1.528.000"},
        headers={"HX-Request": "true"},
    )

    assert row_text(response, "Udisponerede midler") == (
        "Udisponerede midler 0 kr. 170.000 kr. 170.000 kr."
    )


def test_add_revision_line_and_total_from_the_page(client, dap):
    login(client, dap, Role.SECRETARIAT)
    hx = {"HX-Request": "true"}
    deling = Project.objects.get(name="Deling af journalnotater")

    client.post(BUDGET_URL + "revisioner/ny/", {"date": "2025-11-30"}, headers=hx)
    client.post(BUDGET_URL + "linjer/ny/", {"project": deling.pk, "amount": "80.000"}, headers=hx)
    response = client.post(BUDGET_URL + "ramme/", {"total": "8.500.000"}, headers=hx)

    text = text_of(response)
    assert "Budget 2025 (30/11)" in text
    assert row_text(response, "Deling af journalnotater") == (
        "Deling af journalnotater – – 80.000 kr. – 80.000 kr."
    )
    # 8.500.000 - (7.830.000 + 80.000) in the new revision.
    assert row_text(response, "Udisponerede midler").startswith(
        "Udisponerede midler 413.000 kr. 670.000 kr. 590.000 kr."
    )
    assert PortfolioChange.objects.count() == 3


def test_a_refused_revision_date_is_shown_on_its_form(client, dap):
    login(client, dap, Role.SECRETARIAT)

    response = client.post(
        BUDGET_URL + "revisioner/ny/", {"date": "2025-08-31"}, headers={"HX-Request": "true"}
    )

    assert "Budgettet har allerede en revision dateret 31. august 2025." in text_of(response)


# --- Fixed number of queries -----------------------------------------------------------------


@pytest.mark.parametrize("lines", [3, 30])
def test_budget_page_queries_do_not_grow_with_lines(client, django_assert_max_num_queries, lines):
    committee = CommitteeFactory()
    budget = make_budget(committee, lines=lines)
    user = member(committee, Role.SECRETARIAT)
    client.force_login(user)
    for line in budget.lines.all()[:3]:
        spent_set(line=line, date=AUGUST, amount=1, actor=user)

    # Session, user, the budget with its figures (5), access, changes, 'Tilføj linje' (2), the
    # menu's "Personer" entry.
    with django_assert_max_num_queries(12):
        response = client.get(BUDGET_URL)

    assert response.status_code == 200
    assert len(response.context["table"].rows) == lines


def test_the_shared_table_template_renders_read_only_for_agendas_and_pdfs(seed):
    table = budget_table_for("DAP", 2025)

    html = render_to_string("budgets/_budget_table.html", {"table": table})
    # A frozen copy of a table (without revision ids) renders the same way.
    frozen = render_to_string(
        "budgets/_budget_table.html", {"table": dataclasses.replace(table, revision_ids=())}
    )

    assert html == frozen
    assert '<table class="budget">' in html
    assert "Ret" not in html
    assert "<a " not in html
    assert "Udisponerede midler" in html
    assert f'<th scope="row">{PROGRAMLEDELSE}</th>' in html
