"""The portal's own pages under /konto/, ahead of allauth's (same paths win here first)."""

from django.urls import path

from . import oidc, views

urlpatterns = [
    path("", views.overview, name="account_overview"),
    path("sessions/", views.sessions, name="account_sessions"),
    path(
        "2fa/webauthn/keys/<int:pk>/remove/",
        views.remove_security_key,
        name="account_remove_security_key",
    ),
    path("oidc/<str:provider_id>/login/", oidc.login, name="account_oidc_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="account_oidc_callback"),
]
