"""The sign-in settings as production and the demo read them from the environment."""

import secrets

import pytest

from tests.test_deployment import run_python

PRINT = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DAP_REQUIRE_SECOND_FACTOR, settings.SECURE_CSP['form-action'], "
    "sorted(settings.SOCIALACCOUNT_PROVIDERS))"
)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DJANGO_DEBUG": "false"}, "True [\"'self'\"] []"),
        ({"DJANGO_DEBUG": "true"}, "False [\"'self'\"] []"),
        (
            {
                "DJANGO_DEBUG": "false",
                "DAP_OIDC_ISSUER": "https://login.example.dk/tenant/v2.0",
                "DAP_OIDC_CLIENT_ID": "dap",
            },
            "True [\"'self'\", 'https://login.example.dk'] ['openid_connect']",
        ),
    ],
)
def test_production_enforces_the_second_factor_and_the_demo_does_not(
    tmp_path, environment, expected
):
    result = run_python(
        PRINT,
        {
            "DJANGO_SETTINGS_MODULE": "dap_portal.settings.base",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            **environment,
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
