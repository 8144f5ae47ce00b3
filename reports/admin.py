from django.contrib import admin

from .models import ReportRun, Subscription


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Runs are made by the report pages and the schedule; here they are only looked up."""

    list_display = ["pk", "report_code", "unit", "period_start", "period_end", "status", "filed_at"]
    list_filter = ["status", "report_code"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "report_code"]
    exclude = ["result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """A filed run is the unit's record of what it reported: nobody deletes it."""
        return obj is None or not obj.is_filed

    def delete_queryset(self, request, queryset):
        queryset.filter(filed_at__isnull=True).delete()


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["unit", "report_code", "frequency", "active"]
    list_filter = ["frequency", "active"]
    list_select_related = ["unit"]
