"""Sign-in settings: django-allauth (account, mfa, socialaccount with OpenID Connect and
optionally SAML, usersessions) and the portal's own rules around it (accounts/).

Imported at the end of settings.py; every value comes from the environment (README table).
"""

import os

from .env import env_bool, env_list

_DEBUG = env_bool("DJANGO_DEBUG", False)

# Rate limits (lockout) are counted in the default cache, settings.CACHES: the Redis at
# REDIS_URL when several web processes answer, or a process could be tried 5 times per process.

# Proxies in front of gunicorn: lockout and the security log then see the client's IP.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DAP_TRUSTED_PROXY_COUNT", "0"))

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
# The session ends when the browser closes (and after the idle and absolute limits).
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "DAP-portalen: "
# No e-mail to addresses without an account (it would invite people to sign up).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Password or second factor within the last 10 minutes before sensitive actions.
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("DAP_REAUTHENTICATION_SECONDS", "600"))
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per IP address and per user name / e-mail (the "key").
    "login_failed": os.environ.get("DAP_LOGIN_FAILED_RATE_LIMIT", "20/15m/ip,5/15m/key"),
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "DAP-portalen"
MFA_TRUST_ENABLED = False
# WebAuthn over plain http is only for the local demo and tests (127.0.0.1).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("DAP_WEBAUTHN_ALLOW_INSECURE_ORIGIN", _DEBUG)

# Nobody gets an account by signing in: the provider's verified e-mail must match a user the
# secretariat created or invited (accounts.adapters.SocialAccountAdapter refuses the rest).
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict = {}

DAP_OIDC_ISSUER = os.environ.get("DAP_OIDC_ISSUER", "").rstrip("/")
DAP_OIDC_BUTTON_LABEL = os.environ.get("DAP_OIDC_BUTTON_LABEL", "Log ind med din organisation")
# Whether the provider's amr/acr claim saying "multi-factor" spares the portal's own second
# factor. Off by default: the portal asks for its own.
DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR = env_bool("DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR", False)
DAP_OIDC_MFA_VALUES = env_list("DAP_OIDC_MFA_VALUES", "mfa")
# Sign-in forms post to the portal, which redirects to the provider: the Content Security
# Policy's form-action must allow the provider's origin (settings.py adds these).
SIGNIN_FORM_ACTION_ORIGINS: list[str] = []
if DAP_OIDC_ISSUER:
    SIGNIN_FORM_ACTION_ORIGINS.append("/".join(DAP_OIDC_ISSUER.split("/")[:3]))
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "organisation",
                "name": DAP_OIDC_BUTTON_LABEL,
                "client_id": os.environ.get("DAP_OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("DAP_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": DAP_OIDC_ISSUER,
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": True,
                },
            }
        ],
        "SCOPE": ["openid", "email", "profile"],
        "EMAIL_AUTHENTICATION": True,
    }

# SAML 2.0 (OIOSAML: NemLog-in, MitID Erhverv) through allauth's SAML provider, when an IdP's
# metadata URL is configured. python3-saml and xmlsec install from PyPI here.
SIGNIN_EXTRA_APPS: list[str] = []
DAP_SAML_IDP_METADATA_URL = os.environ.get("DAP_SAML_IDP_METADATA_URL", "")
if DAP_SAML_IDP_METADATA_URL:
    SIGNIN_EXTRA_APPS.append("allauth.socialaccount.providers.saml")
    SIGNIN_FORM_ACTION_ORIGINS.extend(env_list("DAP_SAML_IDP_ORIGINS", ""))
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "provider_id": "saml",
                "name": os.environ.get("DAP_SAML_BUTTON_LABEL", "Log ind med MitID Erhverv"),
                "client_id": "dap",
                "settings": {
                    "attribute_mapping": {
                        "uid": os.environ.get("DAP_SAML_UID_ATTRIBUTE", "nameid"),
                        "email": os.environ.get(
                            "DAP_SAML_EMAIL_ATTRIBUTE",
                            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                        ),
                        "email_verified": "email_verified",
                    },
                    "idp": {
                        "entity_id": os.environ.get("DAP_SAML_IDP_ENTITY_ID", ""),
                        "metadata_url": DAP_SAML_IDP_METADATA_URL,
                    },
                    "sp": {"entity_id": os.environ.get("DAP_SAML_SP_ENTITY_ID", "")},
                    "advanced": {
                        "authn_request_signed": True,
                        "want_assertion_signed": True,
                        "want_message_signed": True,
                        "x509cert": os.environ.get("DAP_SAML_SP_CERTIFICATE", ""),
                        "private_key": os.environ.get("DAP_SAML_SP_PRIVATE_KEY", ""),
                    },
                },
            }
        ]
    }

USERSESSIONS_TRACK_ACTIVITY = True

# Whether users whom meetings.access says must have a second factor are made to enrol one.
# On unless DEBUG: the demo (the only place load_demo runs, behind the same DEBUG guard) lets
# its users in with the password `demo` alone.
DAP_REQUIRE_SECOND_FACTOR = env_bool("DAP_REQUIRE_SECOND_FACTOR", not _DEBUG)
# The one policy that decides who must have a second factor (accounts never imports meetings).
DAP_SECOND_FACTOR_POLICY = "meetings.access.must_use_second_factor"
# Whether the secretariat's sensitive actions ask for a fresh password or second factor.
DAP_REAUTHENTICATION_REQUIRED = env_bool("DAP_REAUTHENTICATION_REQUIRED", True)
# How long an invitation link is valid.
DAP_INVITATION_DAYS = int(os.environ.get("DAP_INVITATION_DAYS", "7"))
