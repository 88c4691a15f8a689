"""URLs of written procedures under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "udvalg/<int:committee_id>/skriftlige-processer/",
        views.procedure_list,
        name="procedure_list",
    ),
    path(
        "udvalg/<int:committee_id>/skriftlige-processer/ny/",
        views.procedure_create,
        name="procedure_create",
    ),
    path(
        "udvalg/<int:committee_id>/mellem-moederne/",
        views.committee_between_items,
        name="committee_between_items",
    ),
    path("skriftlig-proces/<int:procedure_id>/", views.procedure_detail, name="procedure_detail"),
    path(
        "skriftlig-proces/<int:procedure_id>/rediger/", views.procedure_edit, name="procedure_edit"
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/svar/", views.procedure_answer, name="procedure_answer"
    ),
    path("skriftlig-proces/<int:procedure_id>/send/", views.procedure_send, name="procedure_send"),
    path(
        "skriftlig-proces/<int:procedure_id>/afslut/", views.procedure_close, name="procedure_close"
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/beslutning/",
        views.procedure_decide,
        name="procedure_decide",
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/bilag/",
        views.procedure_bilag_upload,
        name="procedure_bilag_upload",
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/budgetforslag/",
        views.procedure_proposal,
        name="procedure_proposal",
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/skriftlig-proces.pdf",
        views.procedure_record_pdf,
        name="procedure_record_pdf",
    ),
    path(
        "skriftlig-proces/bilag/<int:bilag_id>/",
        views.procedure_bilag_download,
        name="procedure_bilag_download",
    ),
    path(
        "skriftlig-proces/bilag/<int:bilag_id>/slet/",
        views.procedure_bilag_delete,
        name="procedure_bilag_delete",
    ),
]
