"""URLs of the minutes under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("punkt/<int:item_id>/beslutning/", views.decision_save, name="decision_save"),
    path("punkt/<int:item_id>/live/", views.live_item, name="live_item"),
    path("punkt/<int:item_id>/referat/", views.referat_save, name="referat_save"),
    path("<int:meeting_id>/referat/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:meeting_id>/referat/fremmoede/", views.attendance_save, name="attendance_save"),
    path("<int:meeting_id>/referat/gaest/", views.guest_add, name="guest_add"),
    path("fremmoede/<int:attendance_id>/slet/", views.attendance_delete, name="attendance_delete"),
    path("<int:meeting_id>/inhabilitet/", views.inhabilitet_declare, name="inhabilitet_declare"),
    path(
        "inhabilitet/<int:row_id>/tilbage/",
        views.inhabilitet_withdraw,
        name="inhabilitet_withdraw",
    ),
    path("punkt/<int:item_id>/inhabilitet/", views.inhabilitet_record, name="inhabilitet_record"),
    path("inhabilitet/<int:row_id>/slet/", views.inhabilitet_remove, name="inhabilitet_remove"),
    path("<int:meeting_id>/afholdt/", views.meeting_held, name="meeting_held"),
    path("<int:meeting_id>/referat/godkend/", views.minutes_approve, name="minutes_approve"),
    path("<int:meeting_id>/referat/genaabn/", views.minutes_reopen, name="minutes_reopen"),
]
