"""The DAP portal's Django project.

The Celery app (`dap_portal.celery`) is made when something needs it, not on every start of
Django: `celery -A dap_portal` imports the `celery` module by itself, and every tasks module
imports it before defining its tasks (so a web process sends them to the configured broker).
A command that renders one PDF then starts without Celery.
"""


def __getattr__(name: str) -> object:
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(name)


__all__ = ("celery_app",)
