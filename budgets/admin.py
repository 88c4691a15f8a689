from django.contrib import admin

from projects.changes import PortfolioAdminMixin

from .models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount


class RevisionInline(admin.TabularInline):
    model = BudgetRevision
    extra = 0


class LineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    autocomplete_fields = ["project"]


@admin.register(Budget)
class BudgetAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "year", "total", "currency"]
    list_filter = ["programme", "year"]
    inlines = [RevisionInline, LineInline]


class AmountInline(admin.TabularInline):
    model = BudgetAmount
    extra = 0


class SpentInline(admin.TabularInline):
    model = SpentAmount
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(PortfolioAdminMixin, admin.ModelAdmin):
    list_display = ["project", "budget", "position"]
    list_filter = ["budget"]
    inlines = [AmountInline, SpentInline]
