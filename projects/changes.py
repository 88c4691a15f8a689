"""The portfolio's last change, as a token: what a cached page or PDF of the portfolio saw.

Every write to projects, status reports or budgets (services and admin alike) calls
`portfolio_changed()`, which gives the token (read with the committees' tokens by
`meetings.changes.page_versions` and `current`) a new value once the transaction commits; a
cache key that holds the token is then never found again. A token the cache lost is made
anew, so a lost token can only cause a miss, never a stale page.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "portfolio:version"


def portfolio_changed() -> None:
    transaction.on_commit(lambda: cache.set(KEY, uuid.uuid4().hex, timeout=None))


class PortfolioAdminMixin:
    """Admin writes bump the portfolio's version like the services' writes do."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        portfolio_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        portfolio_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        portfolio_changed()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        portfolio_changed()
