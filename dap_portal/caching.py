"""What browsers and proxies may keep of the portal's responses.

Every response to a signed-in user is the committee's material or about it: unless a view
said otherwise, it is `Cache-Control: private, no-store` (what the offline copy keeps is the
service worker's choice, not the HTTP cache's). Signing out answers with `Clear-Site-Data`,
so the browser drops what it kept: its cache and the storage (the offline copies too).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# The sign-out views: allauth's and the admin's.
LOGOUT_URL_NAMES = frozenset({"account_logout", "admin:logout"})


def _url_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match is not None else ""


def private_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = get_response(request)
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        if request.method == "POST" and _url_name(request) in LOGOUT_URL_NAMES:
            response["Clear-Site-Data"] = '"cache", "storage"'
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
