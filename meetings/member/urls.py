"""URLs of the member's pages: the meeting pages under /moeder/ (`meeting_urlpatterns`,
namespace `meetings`) and search and the personal calendar feed at the root (`member`)."""

from django.urls import path

from . import views as views_member

app_name = "member"

meeting_urlpatterns = [
    path("", views_member.overview, name="meeting_list"),
    path("<int:meeting_id>/", views_member.meeting_detail, name="meeting_detail"),
    path("bilag/<int:bilag_id>/", views_member.bilag_download, name="bilag_download"),
    path("bilag/<int:bilag_id>/vis/", views_member.bilag_view, name="bilag_view"),
    path("bilag/<int:bilag_id>/fil/", views_member.bilag_inline, name="bilag_inline"),
    path("bilag/<int:bilag_id>/note/", views_member.note_bilag, name="note_bilag"),
    path("punkt/<int:item_id>/note/", views_member.note_item, name="note_item"),
    path("<int:meeting_id>/noter/", views_member.meeting_notes, name="meeting_notes"),
    path("<int:meeting_id>/kalender.ics", views_member.meeting_calendar, name="meeting_calendar"),
]

urlpatterns = [
    path("soeg/", views_member.search_page, name="search"),
    path("kalender/", views_member.calendar_page, name="calendar_page"),
    path("kalender/forny/", views_member.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", views_member.calendar_feed, name="calendar_feed"),
]
