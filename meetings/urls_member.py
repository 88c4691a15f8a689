"""The member's pages outside /moeder/: search and the personal calendar feed (issue 5)."""

from django.urls import path

from . import views_member

app_name = "member"

urlpatterns = [
    path("soeg/", views_member.search_page, name="search"),
    path("kalender/", views_member.calendar_page, name="calendar_page"),
    path("kalender/forny/", views_member.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", views_member.calendar_feed, name="calendar_feed"),
]
