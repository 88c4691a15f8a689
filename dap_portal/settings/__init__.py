"""The portal's settings, one module per use (DJANGO_SETTINGS_MODULE names one of them):

- base.py: production and the demo (dap_portal.settings.base, the default of manage.py,
  wsgi.py, asgi.py and celery.py), read from the environment; it ends with signin.py.
- signin.py: django-allauth and the portal's sign-in rules.
- test.py: the test suite (pyproject.toml), base.py with what a test run needs.

This file stays empty: importing test.py runs it first, before test.py has set its key.
"""
