"""The administrator's user pages: Django's, with the user's e-mail recorded as a verified
address on saving, and an action that lifts a lockout."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from .adapters import lift_lockout
from .models import SecurityEventKind
from .services import address_vouch_for, record_security_event

User = get_user_model()


class PortalUserAdmin(UserAdmin):
    actions = ["unlock"]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The administrator vouches for the address typed here, as the secretariat does when
        # inviting: it is the user's sign-in name and reset address from now on.
        address_vouch_for(user=obj)

    @admin.action(description="Ophæv spærring efter for mange forsøg")
    def unlock(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in queryset:
            lift_lockout(request, user)
            record_security_event(
                request=request,
                kind=SecurityEventKind.UNLOCKED,
                user=user,
                detail=f"af {request.user.get_username()}",
            )
        messages.success(request, f"Spærringen er ophævet for {queryset.count()} bruger(e).")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
