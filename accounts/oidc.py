"""Sign-in through the organisation's OpenID Connect provider, with the ID token's signature
always checked against the provider's published keys.

allauth skips the signature check when the token came straight from the token endpoint (the
specification allows it over TLS); the portal checks it anyway, so a forged token is refused
even if someone sits between the portal and the provider.
"""

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse


def published_keys(keys_url: str) -> dict:
    """The provider's signing keys (its JWK set), fetched as allauth fetches the rest."""
    with get_adapter().get_requests_session() as session:
        response = session.get(keys_url)
        response.raise_for_status()
    return response.json()


def verify_id_token(id_token: str, *, keys: dict, issuer: str, audience: str) -> None:
    """Refuse an ID token not signed with one of the provider's keys (or expired, or for another
    client or issuer): allauth answers OAuth2Error with its "sign-in failed" page."""
    try:
        key = jwt.PyJWKSet.from_dict(keys)[jwt.get_unverified_header(id_token)["kid"]]
        jwt.decode(
            id_token, key.key, algorithms=[key.algorithm_name], audience=audience, issuer=issuer
        )
    except (jwt.PyJWTError, KeyError) as error:
        raise OAuth2Error("Invalid id_token") from error


class VerifyingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: SocialApp, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if id_token:
            verify_id_token(
                id_token,
                keys=published_keys(self.openid_config["jwks_uri"]),
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
            )
        return super().complete_login(request, app, token, **kwargs)


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
