"""Admin writes count as changes of the meetings they show in, as the services' writes do."""

from django.contrib import admin

from .changes import committee_changed
from .models import AgendaItem, Bilag, Committee, Meeting
from .writes import touch


def _meeting_ids(obj: object) -> list[int]:
    """The meetings whose pages and PDFs show this object."""
    if isinstance(obj, Meeting):
        return [obj.pk]
    if isinstance(obj, AgendaItem):
        return [obj.meeting_id]
    if isinstance(obj, Bilag):
        return [obj.item.meeting_id]
    # A committee's own fields show through its token (`committee_changed`, below); a
    # membership's role is part of each viewer's access level, read on every request.
    return []


def _committee_id(obj: object) -> int | None:
    """The committee whose other meetings show this object ('Næste møde', the lists between)."""
    if isinstance(obj, Meeting):
        return obj.committee_id
    if isinstance(obj, Committee):
        return obj.pk
    return None


class TouchesMeetingsAdmin(admin.ModelAdmin):
    """Admin writes count as changes of the meetings they show in, as the services' writes do:
    a cached meeting page or PDF is keyed by the meeting's version."""

    def _touch(self, obj: object) -> None:
        if committee_id := _committee_id(obj):
            committee_changed(committee_id)
        touch(*(pk for pk in _meeting_ids(obj) if pk))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._touch(obj)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        self._touch(form.instance)

    def delete_model(self, request, obj) -> None:
        ids = _meeting_ids(obj)
        if committee_id := _committee_id(obj):
            committee_changed(committee_id)
        super().delete_model(request, obj)
        touch(*ids)

    def delete_queryset(self, request, queryset) -> None:
        ids = {pk for obj in queryset for pk in _meeting_ids(obj)}
        for committee_id in {_committee_id(obj) for obj in queryset} - {None}:
            committee_changed(committee_id)
        super().delete_queryset(request, queryset)
        touch(*ids)
