"""How hard delivery tries: the one home of the retry limits the service and the task share."""

MAX_RETRIES = 5  # SMTP failures retried with backoff before a delivery is shown as failed
RETRY_BASE_SECONDS = 30  # the first retry waits this long; each later one twice as long
