"""URLs of the member's pages: the meeting pages under /moeder/ (`meeting_urlpatterns`,
namespace `meetings`) and search and the personal calendar feed at the root (`member`)."""

from django.urls import path

from . import calendar_views, search_views, views

app_name = "member"

meeting_urlpatterns = [
    path("", views.overview, name="meeting_list"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("bilag/<int:bilag_id>/", views.bilag_download, name="bilag_download"),
    path("bilag/<int:bilag_id>/vis/", views.bilag_view, name="bilag_view"),
    path("bilag/<int:bilag_id>/fil/", views.bilag_inline, name="bilag_inline"),
    path("bilag/<int:bilag_id>/note/", views.note_bilag, name="note_bilag"),
    path("punkt/<int:item_id>/note/", views.note_item, name="note_item"),
    path("<int:meeting_id>/noter/", views.meeting_notes, name="meeting_notes"),
    path("<int:meeting_id>/kalender.ics", calendar_views.meeting_calendar, name="meeting_calendar"),
]

urlpatterns = [
    path("soeg/", search_views.search_page, name="search"),
    path("kalender/", calendar_views.calendar_page, name="calendar_page"),
    path("kalender/forny/", calendar_views.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
