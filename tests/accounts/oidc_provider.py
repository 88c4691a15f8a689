"""A real OpenID Connect provider for the tests: django-oauth-toolkit served by the live server
next to the portal (under /idp/). The browser reaches it as http://localhost:<port> and the
portal as http://127.0.0.1:<port>, so the two keep separate cookies like two real sites.

TAMPER lets a test make the token endpoint hand out a forged or an expired ID token.
"""

import json
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import URLPattern, include, path
from django.utils.html import escape
from oauth2_provider import urls as provider_urls
from oauth2_provider import views as provider_views
from oauth2_provider.oauth2_validators import OAuth2Validator

from dap_portal.urls import urlpatterns as portal_urlpatterns


def _new_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


PROVIDER_KEY = _new_key()
FORGER_KEY = _new_key()
# The e-mail the provider vouches for, by the provider-side user name.
CLAIMED_EMAILS: dict[str, str] = {}
TAMPER: dict[str, str | None] = {"mode": None}


class Validator(OAuth2Validator):
    def get_additional_claims(self, request) -> dict:
        user = request.user
        return {
            "email": CLAIMED_EMAILS.get(user.username, user.email),
            "email_verified": True,
            "name": user.get_full_name(),
        }


class Authorize(provider_views.AuthorizationView):
    login_url = "/idp/log-ind/"


class Token(provider_views.TokenView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        mode = TAMPER["mode"]
        if mode and response.status_code == 200:
            body = json.loads(response.content)
            header = jwt.get_unverified_header(body["id_token"])
            claims = jwt.decode(body["id_token"], options={"verify_signature": False})
            key = PROVIDER_KEY
            if mode == "forged":
                claims["email"] = "ida@region.dk"
                key = FORGER_KEY
            elif mode == "expired":
                claims["exp"] = int(time.time()) - 3600
                claims["iat"] = int(time.time()) - 7200
            body["id_token"] = jwt.encode(
                claims, key, algorithm="RS256", headers={"kid": header["kid"]}
            )
            response.content = json.dumps(body).encode()
        return response


@login_not_required
def provider_login(request: HttpRequest) -> HttpResponse:
    """The provider's own sign-in page (it stands for Entra ID's)."""
    error = ""
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST["username"], password=request.POST["password"]
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(request.GET.get("next", "/"))
        error = "<p>Forkert</p>"
    return HttpResponse(
        "<!DOCTYPE html><html lang='da'><title>Testorganisationens log-in</title>"
        f"<h1>Testorganisationen</h1>{error}<form method='post'>"
        f"<input type='hidden' name='csrfmiddlewaretoken' value='{escape(get_token(request))}'>"
        "<label>Bruger <input name='username' id='idp-username'></label>"
        "<label>Kode <input name='password' id='idp-password' type='password'></label>"
        "<button type='submit' id='idp-submit'>Log ind</button></form></html>"
    )


def _open(pattern: URLPattern) -> URLPattern:
    callback = pattern.callback
    if pattern.name == "authorize":
        callback = Authorize.as_view()
    elif pattern.name == "token":
        callback = Token.as_view()
    return URLPattern(
        pattern.pattern, login_not_required(callback), pattern.default_args, pattern.name
    )


provider_patterns = [
    _open(pattern) for pattern in provider_urls.base_urlpatterns + provider_urls.oidc_urlpatterns
]

urlpatterns = [
    path("idp/log-ind/", provider_login),
    path("idp/", include((provider_patterns, "oauth2_provider"))),
    *portal_urlpatterns,
]


def provider_settings() -> dict:
    return {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": PROVIDER_KEY,
        "OAUTH2_VALIDATOR_CLASS": "tests.accounts.oidc_provider.Validator",
        "SCOPES": {"openid": "OpenID", "email": "E-mail", "profile": "Profil"},
        "PKCE_REQUIRED": True,
    }
