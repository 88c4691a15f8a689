"""URLs of the portfolio under /portefoelje/: programmes, projects, budgets, spreadsheets."""

from django.urls import path

from . import item_views, views

app_name = "portfolio"

_budget = "budgetter/<str:programme>/<int:year>/"

urlpatterns = [
    path("", views.portfolio_overview, name="overview"),
    path("projekter/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projekter/<int:project_id>/status/", views.status_report_add, name="status_add"),
    path("projekter/<int:project_id>/fase/", views.project_phase_set, name="phase_set"),
    path(_budget, views.budget_detail, name="budget_detail"),
    path(f"{_budget}linjer/<int:line_id>/forbrug/", views.spent_edit, name="spent_edit"),
    path(
        f"{_budget}linjer/<int:line_id>/revisioner/<int:revision_id>/",
        views.amount_edit,
        name="amount_edit",
    ),
    path(f"{_budget}revisioner/ny/", views.revision_create, name="revision_add"),
    path(f"{_budget}linjer/ny/", views.line_create, name="line_add"),
    path(f"{_budget}ramme/", views.total_set, name="total_set"),
    path(f"{_budget}eksport.xlsx", views.budget_export, name="budget_export"),
    path(f"{_budget}import/", views.budget_import, name="budget_import"),
    path(f"{_budget}import/gem/", views.budget_import_confirm, name="budget_import_confirm"),
]

# The portfolio figures of an agenda item, under /moeder/ (namespace `meetings`).
item_urlpatterns = [
    path(
        "bilag/<int:bilag_id>/monitorering/",
        item_views.monitoring_bilag,
        name="monitoring_bilag",
    ),
    path(
        "bilag/<int:bilag_id>/monitorering.pdf",
        item_views.monitoring_pdf,
        name="monitoring_pdf",
    ),
    path("punkt/<int:item_id>/tal/opdater/", item_views.figures_refresh, name="figures_refresh"),
    path("punkt/<int:item_id>/portefoelje/", item_views.item_portfolio, name="item_portfolio"),
    path("punkt/<int:item_id>/portefoelje/tabel/", item_views.embed_add, name="embed_add"),
    path(
        "punkt/<int:item_id>/portefoelje/monitorering/",
        item_views.monitoring_add,
        name="monitoring_add",
    ),
    path("tabel/<int:embed_id>/slet/", item_views.embed_remove, name="embed_remove"),
    path("punkt/<int:item_id>/budgetforslag/", item_views.proposal_save, name="proposal_save"),
    path(
        "punkt/<int:item_id>/budgetforslag/slet/",
        item_views.proposal_delete,
        name="proposal_delete",
    ),
]
