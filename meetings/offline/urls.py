"""The offline feature's URLs; the service worker and the web app manifest sit at the site
root so that the worker's scope is the whole portal."""

from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("offline/", views.overview, name="overview"),
    path("offline/ikke-tilgaengelig/", views.unavailable, name="unavailable"),
    path("offline/status.json", views.status, name="status"),
    path("offline/noter/", views.note_sync, name="note_sync"),
    path("offline/indstilling/", views.preference, name="preference"),
    path("offline/moede/<int:meeting_id>.json", views.meeting_manifest, name="meeting_manifest"),
]
