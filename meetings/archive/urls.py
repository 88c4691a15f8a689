"""URLs of 'Importér arkiv' under /moeder/arkiv/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("arkiv/", views.archive_start, name="archive_start"),
    path("arkiv/<int:batch_id>/", views.archive_batch, name="archive_batch"),
    path("arkiv/<int:batch_id>/importer/", views.archive_confirm, name="archive_confirm"),
    path("arkiv/original/<int:import_id>/", views.archive_original, name="archive_original"),
]
