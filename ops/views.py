"""/healthz for the load balancer: 200 when this instance can serve, 503 when not."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Anonymous callers get `ok` or `unavailable`; staff also get each check and its cause."""
    results = health.run_checks()
    healthy = all(result.ok for result in results)
    status = 200 if healthy else 503
    if request.user.is_authenticated and request.user.is_staff:
        return JsonResponse(
            {
                "healthy": healthy,
                "checks": {
                    r.name: {"ok": r.ok, "ms": round(r.milliseconds, 1), "error": r.error}
                    for r in results
                },
            },
            status=status,
        )
    return HttpResponse(
        "ok\n" if healthy else "unavailable\n", status=status, content_type="text/plain"
    )
