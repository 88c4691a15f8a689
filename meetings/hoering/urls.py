"""URLs of the høring under /moeder/ (namespace `meetings`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:meeting_id>/referat/hoering/", views.hoering_page, name="hoering"),
    path("<int:meeting_id>/referat/hoering/afslut/", views.end_meeting, name="hoering_end"),
    path("<int:meeting_id>/referat/hoering/send/", views.send, name="hoering_send"),
    path("<int:meeting_id>/referat/hoering/bemaerkning/", views.comment, name="hoering_comment"),
    path("<int:meeting_id>/referat/hoering/godkend/", views.approve, name="hoering_approve"),
]
