"""Log lines as JSON objects (python-json-logger), each with the id of the request it belongs to."""

import logging
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs a response after the middleware is done: its record
            # carries the request, which carries the id.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


def json_formatter() -> JsonFormatter:
    """One JSON object per line (python-json-logger): time (UTC), level, logger, message,
    request id, the `extra=` values (status_code, ...) and the exception, if any."""
    return JsonFormatter(
        "{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
        timestamp="time",
        # django.request passes the request itself; its id is already in the line.
        reserved_attrs=[*RESERVED_ATTRS, "request", "server_time"],
    )
