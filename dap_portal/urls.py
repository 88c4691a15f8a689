"""URL wiring of the portal."""

from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from meetings.offline import views as offline_views

from . import accessibility

admin.site.site_header = "DAP-portalen – administration"
admin.site.site_title = "DAP-portalen"
# The admin signs in through the portal's own page (lockout, second factor), never its own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="meetings:meeting_list", permanent=False)),
    path("log-ind/", allauth_views.login, name="login"),
    # Logging out also empties what the browser stored for offline reading (issue 16).
    path("log-ud/", offline_views.logout, name="logout"),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # The accessibility statement (webtilgængelighedsloven), linked from every page's footer.
    path("was", accessibility.statement, name="accessibility_statement"),
    path("", include("ops.urls")),
    path("moeder/", include("meetings.urls")),
    path("portefoelje/", include("meetings.portfolio.urls")),
    path("", include("meetings.people.urls")),
    path("", include("meetings.member.urls")),
    path("", include("meetings.offline.urls")),
]

# Danish error pages in the portal's layout (dap_portal/errors.py).
handler400 = "dap_portal.errors.bad_request"
handler403 = "dap_portal.errors.permission_denied"
handler404 = "dap_portal.errors.page_not_found"
handler500 = "dap_portal.errors.server_error"
