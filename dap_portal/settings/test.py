"""Settings for the test suite: the normal settings (base.py), with what a test run needs."""

import os

# A key of the test run's own: base.py refuses to start without one when DJANGO_DEBUG is off.
os.environ.setdefault("DJANGO_SECRET_KEY", "django-insecure-dap-portal-tests-only")

from .base import *  # noqa: F403

SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# A cache of this process only, emptied before each test (tests/conftest.py): never a Redis
# that other runs share. The Redis cache itself is tested in tests/ops/.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}

# The suite signs in with force_login and posts sensitive actions directly; the sign-in tests
# (tests/accounts, tests/meetings/people) turn these back on to prove them.
DAP_REQUIRE_SECOND_FACTOR = False
DAP_REAUTHENTICATION_REQUIRED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# Tracking writes the session's last request on every request; query-count tests would see it.
USERSESSIONS_TRACK_ACTIVITY = False
# A real OpenID Connect provider for the end-to-end sign-in test (tests/accounts/oidc_provider.py).
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]  # noqa: F405

# On SQLite, a test database in a file (under var/, per checkout; pytest-xdist adds each
# worker's suffix) instead of Django's in-memory one: in memory, the live server's request
# threads share the test's one connection, and two requests of a browser at the same moment
# broke it ("bad parameter or other API misuse"). With a file each thread has its own.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_dap_portal.sqlite3")}  # noqa: F405
