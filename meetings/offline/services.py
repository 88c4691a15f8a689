"""Writes of the offline feature: the member's choice about storing meetings automatically."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..models import OfflinePreference


@transaction.atomic
def offline_preference_set(*, user: AbstractBaseUser, auto_store: bool) -> OfflinePreference:
    """Turn the automatic storing of the member's next meetings on or off."""
    preference = OfflinePreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = OfflinePreference(user=user)
    preference.auto_store = auto_store
    preference.full_clean()
    preference.save()
    return preference
