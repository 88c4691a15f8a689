from django.contrib import admin

from projects.changes import PortfolioAdminMixin

from .models import PortfolioChange, Programme, Project, StatusReport


class ProjectInline(admin.TabularInline):
    model = Project
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["short_name", "name"]
    inlines = [ProjectInline]


class StatusReportInline(admin.TabularInline):
    model = StatusReport
    extra = 0
    fields = ["date", "time", "economy", "scope", "text", "next_milestone", "next_milestone_date"]


@admin.register(Project)
class ProjectAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    list_display = ["name", "programme", "phase", "owner", "project_management", "project_lead"]
    list_filter = ["programme", "phase"]
    search_fields = ["name", "owner", "project_lead"]
    inlines = [StatusReportInline]


@admin.register(StatusReport)
class StatusReportAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    list_display = ["project", "date", "time", "economy", "scope", "created_by"]
    list_filter = ["project__programme", "date"]
    search_fields = ["project__name", "text"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(PortfolioChange)
class PortfolioChangeAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    """The audit trail: read only, as a history must be."""

    list_display = ["at", "actor", "programme", "summary"]
    list_filter = ["programme", "subject_type", "action"]
    search_fields = ["summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
