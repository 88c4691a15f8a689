from django.contrib import admin

from .models import Programme, Project


class ProjectInline(admin.TabularInline):
    model = Project
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["short_name", "name"]
    inlines = [ProjectInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "owner", "project_management", "project_lead"]
    list_filter = ["programme"]
    search_fields = ["name", "owner", "project_lead"]
