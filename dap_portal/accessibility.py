"""The accessibility statement (webtilgængelighedsloven): every page's footer links to /was.

A Danish public body makes its statement in the Digitaliseringsstyrelsen's WAS-Tool, which
gives it a URL: with DAP_ACCESSIBILITY_STATEMENT_URL set, /was redirects there. Until then
/was shows the portal's own short statement: what it meets and whom to ask
(DAP_ACCESSIBILITY_CONTACT). Open to everyone, signed in or not.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    if settings.DAP_ACCESSIBILITY_STATEMENT_URL:
        return redirect(settings.DAP_ACCESSIBILITY_STATEMENT_URL)
    return render(
        request,
        "accessibility_statement.html",
        {"contact": settings.DAP_ACCESSIBILITY_CONTACT},
    )
