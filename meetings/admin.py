"""Admin for the secretariat: everything the web pages do not cover yet.

Item text (sections) and decisions are read-only here: they reach members' pages and PDFs as
HTML, so they are written only through the editor's services, which sanitize them
(`meetings.sanitize`) and record the audit trail. The admin would do neither.
"""

from django.contrib import admin

from .admin_touch import TouchesMeetingsAdmin
from .models import (
    AgendaItem,
    AuditEntry,
    Bilag,
    BilagVersion,
    Committee,
    ItemEmbed,
    ItemSection,
    Meeting,
    Membership,
    Presenter,
    StandingItemTemplate,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class StandingItemInline(admin.TabularInline):
    """The items every new meeting of the committee starts with, in this order."""

    model = StandingItemTemplate
    extra = 0
    fields = ["position", "title", "kind", "duration_minutes", "standing"]


@admin.register(Committee)
class CommitteeAdmin(TouchesMeetingsAdmin):
    list_display = ["name", "short_name", "secretariat"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline, StandingItemInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "kind", "duration_minutes", "confidential", "standing"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(TouchesMeetingsAdmin):
    list_display = ["title", "committee", "date", "start_time", "status"]
    list_filter = ["committee", "status"]
    date_hierarchy = "date"
    search_fields = ["title", "location"]
    inlines = [AgendaItemInline]


class PresenterInline(admin.TabularInline):
    model = Presenter
    extra = 0


class SectionInline(admin.StackedInline):
    """Shown, never written: the editor's section services sanitize and audit."""

    model = ItemSection
    extra = 0
    fields = ["position", "heading", "html"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EmbedInline(admin.TabularInline):
    model = ItemEmbed
    extra = 0


class BilagInline(admin.TabularInline):
    model = Bilag
    extra = 0
    fields = ["position", "title", "confidential", "generated", "content_type", "size"]
    readonly_fields = ["content_type", "size"]
    show_change_link = True


@admin.register(AgendaItem)
class AgendaItemAdmin(TouchesMeetingsAdmin):
    list_display = ["title", "meeting", "position", "kind", "duration_minutes", "confidential"]
    list_filter = ["meeting__committee", "kind", "confidential"]
    search_fields = ["title"]
    filter_horizontal = ["projects", "restricted_to"]
    # The decision is recorded on the minutes page (sanitized and audited there).
    readonly_fields = ["decision_html"]
    inlines = [PresenterInline, SectionInline, EmbedInline, BilagInline]


class BilagVersionInline(admin.TabularInline):
    model = BilagVersion
    extra = 0
    readonly_fields = ["number", "original_filename", "content_type", "size", "replaced_at"]
    fields = readonly_fields
    can_delete = False


@admin.register(Bilag)
class BilagAdmin(TouchesMeetingsAdmin):
    list_display = ["title", "item", "position", "content_type", "size", "confidential"]
    search_fields = ["title"]
    # Files are uploaded and served through the portal's pages (checked, cleaned, access by
    # access.py); the admin names the stored files and never links to a media URL (there is
    # none: MEDIA_URL is None).
    exclude = ["file", "pdf_rendition"]
    readonly_fields = [
        "stored_file",
        "stored_rendition",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by",
    ]
    inlines = [BilagVersionInline]

    @admin.display(description="fil")
    def stored_file(self, bilag: Bilag) -> str:
        return bilag.file.name or "–"

    @admin.display(description="PDF-udgave")
    def stored_rendition(self, bilag: Bilag) -> str:
        return bilag.pdf_rendition.name or "–"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "meeting", "actor", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
