"""URLs of the documents (PDF) under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:meeting_id>/dagsorden.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:meeting_id>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/pakke/", views.pack_status, name="pack_status"),
    path("<int:meeting_id>/pakke/bestil/", views.pack_request, name="pack_request"),
    path("<int:meeting_id>/pakke/hent/", views.pack_download, name="pack_download"),
    path(
        "<int:meeting_id>/pakke/med-mine-noter/",
        views.pack_with_my_notes,
        name="pack_with_my_notes",
    ),
]
