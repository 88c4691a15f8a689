"""URLs of the meeting day under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:meeting_id>/afvikling/", views.meeting_run, name="meeting_run"),
    path("<int:meeting_id>/afvikling/start/", views.meeting_run_start, name="meeting_run_start"),
    path("<int:meeting_id>/afvikling/naeste/", views.meeting_run_next, name="meeting_run_next"),
    path("punkt/<int:item_id>/udsaet/", views.item_postpone, name="item_postpone"),
    path("<int:meeting_id>/i-gang/", views.meeting_follow, name="meeting_follow"),
    path("<int:meeting_id>/skaerm/", views.meeting_screen, name="meeting_screen"),
]
