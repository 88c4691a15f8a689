"""The ID token from the organisation's provider is checked against the provider's published keys
(accounts.oidc.verify_id_token), whatever allauth would skip: the end-to-end sign-in is in
test_oidc.py; here the tokens a forger could send, without a browser."""

import hashlib
import hmac
import time

import jwt
import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.oidc import verify_id_token

ISSUER = "https://idp.example"
CLIENT = "dap-portal"
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEYS = {
    "keys": [
        {
            **jwt.algorithms.RSAAlgorithm.to_jwk(PROVIDER_KEY.public_key(), as_dict=True),
            "kid": "provider",
            "use": "sig",
        }
    ]
}


def token(key=PROVIDER_KEY, *, kid: str = "provider", algorithm: str = "RS256", **claims) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "ida", "iat": now, "exp": now + 300, **claims}
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def verify(id_token: str) -> None:
    verify_id_token(id_token, keys=KEYS, issuer=ISSUER, audience=CLIENT)


def test_a_token_signed_by_the_provider_is_accepted():
    verify(token())


def hmac_with_the_public_key() -> str:
    """The old algorithm confusion: HS256 with the provider's public key as the shared secret."""
    secret = PROVIDER_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header, claims, _ = token().split(".")
    header = jwt.utils.base64url_encode(b'{"alg":"HS256","kid":"provider","typ":"JWT"}').decode()
    signature = hmac.new(secret, f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{jwt.utils.base64url_encode(signature).decode()}"


@pytest.mark.parametrize(
    "forged",
    [
        pytest.param(lambda: token(FORGER_KEY), id="signed-by-another-key"),
        pytest.param(lambda: token(kid="unknown"), id="unknown-key-id"),
        pytest.param(lambda: token(exp=int(time.time()) - 60), id="expired"),
        pytest.param(lambda: token(aud="another-client"), id="for-another-client"),
        pytest.param(lambda: token(iss="https://evil.example"), id="from-another-issuer"),
        pytest.param(lambda: token(None, algorithm="none"), id="unsigned"),
        pytest.param(hmac_with_the_public_key, id="hmac-with-the-public-key"),
        pytest.param(lambda: token().rsplit(".", 1)[0] + ".", id="signature-cut-off"),
    ],
)
def test_a_forged_or_stale_token_is_refused(forged):
    with pytest.raises(OAuth2Error):
        verify(forged())
