"""Sign-in tests turn on what the rest of the suite leaves off (dap_portal/settings/test.py)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Failed-login counters live in the cache; every test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def production_signin(settings):
    """The production rules: second factor enforced, re-authentication before sensitive acts."""
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    return settings


# The browser tests here (OpenID Connect, WebAuthn, TOTP) use the browser suite's fixtures.
from tests.browser.conftest import (  # noqa: E402, F401
    _media_url_for_the_live_server,
    browser,
    console,
    page,
)
