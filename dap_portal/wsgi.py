"""WSGI entry point (gunicorn dap_portal.wsgi)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template import engines

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings.base")
application = get_wsgi_application()

# gunicorn loads this once in its master (preload_app) and forks the workers from it: import
# here what each worker would otherwise import on its first requests, the views behind the
# URLs (WeasyPrint, pypdf, ... with them), the template tag libraries and the cache's Redis
# client. Right after a start, with members already asking, every worker spent seconds on that
# while their requests waited (bench/web.py --cold).
import_module(settings.ROOT_URLCONF)
engines.all()
if settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    import redis  # noqa: F401  (RedisCache imports it on first use)
