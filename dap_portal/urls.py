"""URL wiring of the portal."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "DAP-portalen – administration"
admin.site.site_title = "DAP-portalen"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="meetings:meeting_list", permanent=False)),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("moeder/", include("meetings.urls")),
    path("portefoelje/", include("meetings.portfolio.urls")),
    path("", include("meetings.member.urls")),
]
