"""Settings of the web benchmark: production settings, over plain HTTP on 127.0.0.1.

The same as production (DEBUG off, the cache from REDIS_URL, JSON logs) except what plain
HTTP on the loopback needs: no HTTPS redirect, cookies without the Secure flag, static files
without the collectstatic manifest. bench/web.py sets the rest of the environment.
"""

from dap_portal.settings.base import *  # noqa: F403

SECURE_SSL_REDIRECT = False

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
