"""URLs of follow-up actions under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("udvalg/<int:committee_id>/opfoelgning/", views.action_list, name="action_list"),
    path(
        "punkt/<int:item_id>/opfoelgning/ny/",
        views.action_create_for_item,
        name="action_create_for_item",
    ),
    path(
        "skriftlig-proces/<int:procedure_id>/opfoelgning/ny/",
        views.action_create_for_procedure,
        name="action_create_for_procedure",
    ),
    path("opfoelgning/<int:action_id>/luk/", views.action_close, name="action_close"),
    path("opfoelgning/<int:action_id>/genaabn/", views.action_reopen, name="action_reopen"),
]
