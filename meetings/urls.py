from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("bilag/<int:bilag_id>/", views.bilag_download, name="bilag_download"),
]
