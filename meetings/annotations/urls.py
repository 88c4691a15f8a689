"""URLs of a reader's highlights and notes in bilag (under /moeder/, namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "bilag/<int:bilag_id>/markeringer/",
        views.bilag_annotations,
        name="bilag_annotations",
    ),
    path(
        "bilag/<int:bilag_id>/med-mine-noter/",
        views.bilag_with_my_notes,
        name="bilag_with_my_notes",
    ),
    path(
        "markeringer/<int:annotation_id>/",
        views.annotation_detail,
        name="annotation_detail",
    ),
]
