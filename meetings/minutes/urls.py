"""URLs of the minutes under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("punkt/<int:item_id>/beslutning/", views.decision_save, name="decision_save"),
    path("<int:meeting_id>/referat/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:meeting_id>/referat/fremmoede/", views.attendance_save, name="attendance_save"),
    path("<int:meeting_id>/referat/gaest/", views.guest_add, name="guest_add"),
    path("fremmoede/<int:attendance_id>/slet/", views.attendance_delete, name="attendance_delete"),
    path("<int:meeting_id>/afholdt/", views.meeting_held, name="meeting_held"),
    path("<int:meeting_id>/referat/godkend/", views.minutes_approve, name="minutes_approve"),
    path("<int:meeting_id>/referat/genaabn/", views.minutes_reopen, name="minutes_reopen"),
]
