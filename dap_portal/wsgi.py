"""WSGI entry point (gunicorn dap_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings.base")
application = get_wsgi_application()
