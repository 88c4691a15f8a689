"""URLs of the reminders under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "<int:meeting_id>/paamindelser/",
        views.meeting_reminders,
        name="meeting_reminders",
    ),
    path(
        "paamindelse/<int:reminder_id>/send/",
        views.reminder_send_now,
        name="reminder_send_now",
    ),
    path(
        "udvalg/<int:committee_id>/paamindelser/",
        views.reminder_rules,
        name="reminder_rules",
    ),
    path(
        "paamindelsesregel/<int:rule_id>/",
        views.reminder_rule_edit,
        name="reminder_rule_edit",
    ),
]
