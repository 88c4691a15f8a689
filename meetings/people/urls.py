"""URLs of the people feature (mounted at the site root)."""

from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("styregrupper/", views.committee_index, name="index"),
    path("styregrupper/<int:committee_id>/personer/", views.people_list, name="list"),
    path(
        "styregrupper/<int:committee_id>/personer/inviter/",
        views.person_invite,
        name="invite",
    ),
    path(
        "styregrupper/<int:committee_id>/personer/<int:membership_id>/rolle/",
        views.member_role_change,
        name="role",
    ),
    path(
        "styregrupper/<int:committee_id>/personer/<int:membership_id>/fjern/",
        views.member_remove,
        name="remove",
    ),
    path(
        "styregrupper/<int:committee_id>/personer/<int:membership_id>/sikkerhed/",
        views.person_security,
        name="security",
    ),
    path("styregrupper/<int:committee_id>/totrin/", views.signin_rule, name="signin_rule"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
]
