"""Sign-in settings: django-allauth (account, mfa, socialaccount with OpenID Connect and
optionally SAML, usersessions) and the portal's own rules around it (accounts/).

Imported at the end of base.py; every value comes from the environment
(docs/configuration.md, docs/signin.md).
"""

import os

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()
_DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Rate limits (lockout) are counted in the default cache, settings.CACHES: the Redis at
# REDIS_URL when several web processes answer, or a process could be tried 5 times per process.

# Proxies in front of gunicorn: lockout and the security log then see the client's IP.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DAP_TRUSTED_PROXY_COUNT", default=0)

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# One rule for addresses (docs/signin.md): a new address is sent a link and replaces the old one
# only once that link is followed; until then it is no sign-in name and gets no reset link
# (accounts.backends, accounts.adapters). Changing or removing one asks for the password again;
# the old address is told (accounts.signals on adding, allauth on the change).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_UNIQUE_EMAIL = True
# A reset request reads the user's addresses into its token, never writes one (allauth's own
# generator gives a user without an address record an unverified one, which then held up
# enrolment of a second factor).
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "accounts.tokens.ResetTokenGenerator"  # noqa: S105
# The session ends when the browser closes (and after the idle and absolute limits).
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "DAP-portalen: "
# No e-mail to addresses without an account (it would invite people to sign up).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Password or second factor within the last 10 minutes before sensitive actions.
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("DAP_REAUTHENTICATION_SECONDS", default=600)
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per IP address and per account (the "key": every name of one account,
    # its user name and each address, counts together; accounts.adapters). The second-factor
    # step counts its own wrong codes per account with the same limit.
    "login_failed": env.str("DAP_LOGIN_FAILED_RATE_LIMIT", default="20/15m/ip,5/15m/key"),
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "DAP-portalen"
MFA_TRUST_ENABLED = False
# Enrolling a second factor never waits for an address to be verified: nobody else can then
# hold it up by adding or requesting something for the account.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "authenticate": "accounts.forms.SecondFactorForm",
    "reauthenticate": "accounts.forms.SecondFactorReauthenticateForm",
}
# WebAuthn over plain http is only for the local demo and tests (127.0.0.1).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("DAP_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=_DEBUG)

# Nobody gets an account by signing in: the provider's verified e-mail must match a user the
# secretariat created or invited (accounts.adapters.SocialAccountAdapter refuses the rest).
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict = {}

DAP_OIDC_ISSUER = env.str("DAP_OIDC_ISSUER", default="").rstrip("/")
DAP_OIDC_BUTTON_LABEL = env.str("DAP_OIDC_BUTTON_LABEL", default="Log ind med din organisation")
# Whether the provider's amr/acr claim saying "multi-factor" spares the portal's own second
# factor. Off by default: the portal asks for its own.
DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR = env.bool(
    "DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR", default=False
)
DAP_OIDC_MFA_VALUES = env.list("DAP_OIDC_MFA_VALUES", default=["mfa"])
# Sign-in forms post to the portal, which redirects to the provider: the Content Security
# Policy's form-action must allow the provider's origin (base.py adds these).
SIGNIN_FORM_ACTION_ORIGINS: list[str] = []
if DAP_OIDC_ISSUER:
    SIGNIN_FORM_ACTION_ORIGINS.append("/".join(DAP_OIDC_ISSUER.split("/")[:3]))
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "organisation",
                "name": DAP_OIDC_BUTTON_LABEL,
                "client_id": env.str("DAP_OIDC_CLIENT_ID", default=""),
                # As it is: django-environ would take a leading "$" for a variable's name.
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

# SAML 2.0 (OIOSAML: NemLog-in, MitID Erhverv) through allauth's SAML provider, turned on by
# DAP_SAML: one JSON object with the IdP, the portal's entity and signing key, and the button
# (docs/signin.md). python3-saml and xmlsec install from PyPI here.
SAML_DEFAULTS = {
    "idp_metadata_url": "",
    "idp_entity_id": "",
    "idp_origins": [],  # the IdP origins the CSP's form-action must allow
    "sp_entity_id": "",
    "sp_certificate": "",
    "sp_private_key": "",
    "uid_attribute": "nameid",
    "email_attribute": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "button_label": "Log ind med MitID Erhverv",
}
# allauth's security-key pages load the `humanize` template tags.
SIGNIN_EXTRA_APPS: list[str] = ["django.contrib.humanize"]
DAP_SAML = env.json("DAP_SAML", default={})
if DAP_SAML:
    if unknown := set(DAP_SAML) - set(SAML_DEFAULTS):
        raise ImproperlyConfigured(f"DAP_SAML kender ikke {', '.join(sorted(unknown))}.")
    if not DAP_SAML.get("idp_metadata_url"):
        raise ImproperlyConfigured("DAP_SAML kræver idp_metadata_url (IdP'ens metadata).")
    _saml = {**SAML_DEFAULTS, **DAP_SAML}
    SIGNIN_EXTRA_APPS.append("allauth.socialaccount.providers.saml")
    SIGNIN_FORM_ACTION_ORIGINS.extend(_saml["idp_origins"])
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "provider_id": "saml",
                "name": _saml["button_label"],
                "client_id": "dap",
                "settings": {
                    "attribute_mapping": {
                        "uid": _saml["uid_attribute"],
                        "email": _saml["email_attribute"],
                        "email_verified": "email_verified",
                    },
                    "idp": {
                        "entity_id": _saml["idp_entity_id"],
                        "metadata_url": _saml["idp_metadata_url"],
                    },
                    "sp": {"entity_id": _saml["sp_entity_id"]},
                    "advanced": {
                        "authn_request_signed": True,
                        "want_assertion_signed": True,
                        "want_message_signed": True,
                        "x509cert": _saml["sp_certificate"],
                        "private_key": _saml["sp_private_key"],
                    },
                },
            }
        ]
    }

USERSESSIONS_TRACK_ACTIVITY = True

# Whether users whom meetings.access says must have a second factor are made to enrol one.
# On unless DEBUG: the demo (the only place load_demo runs, behind the same DEBUG guard) lets
# its users in with the password `demo` alone.
DAP_REQUIRE_SECOND_FACTOR = env.bool("DAP_REQUIRE_SECOND_FACTOR", default=not _DEBUG)
# The one policy that decides who must have a second factor (accounts never imports meetings).
DAP_SECOND_FACTOR_POLICY = "meetings.access.must_use_second_factor"
# Whether the secretariat's sensitive actions ask for a fresh password or second factor.
DAP_REAUTHENTICATION_REQUIRED = env.bool("DAP_REAUTHENTICATION_REQUIRED", default=True)
# How long an invitation link is valid.
DAP_INVITATION_DAYS = env.int("DAP_INVITATION_DAYS", default=7)
