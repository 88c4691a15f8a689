"""The signed-in user's own security pages: overview, sessions, removing a security key."""

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn import views as webauthn_views
from allauth.usersessions import views as usersessions_views
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from . import policy, selectors
from .models import SecurityEventKind
from .services import record_security_event


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """'Min konto': factors, password, sessions and the latest security events."""
    user = request.user
    return render(
        request,
        "accounts/overview.html",
        {
            "factors": selectors.factors_of(user),
            "must_use_second_factor": policy.must_use_second_factor(user),
            "events": selectors.security_events_of(user, limit=20),
        },
    )


def sessions(request: HttpRequest) -> HttpResponse:
    """allauth's session list; ending the other sessions goes into the security log."""
    if request.method == "POST" and request.user.is_authenticated:
        record_security_event(
            request=request, kind=SecurityEventKind.SESSIONS_ENDED, user=request.user
        )
    return usersessions_views.list_usersessions(request)


def remove_security_key(request: HttpRequest, pk: int) -> HttpResponse:
    """allauth's removal of a security key, refused for the last factor of a user who must
    have one (allauth asks the adapter only for authenticator apps)."""
    key = get_object_or_404(
        Authenticator, pk=pk, user_id=request.user.pk, type=Authenticator.Type.WEBAUTHN
    )
    adapter = get_mfa_adapter()
    if request.method == "POST" and not adapter.can_delete_authenticator(key):
        messages.error(request, adapter.error_messages["cannot_delete_authenticator"])
        return redirect("mfa_list_webauthn")
    return webauthn_views.remove_webauthn(request, pk=pk)
