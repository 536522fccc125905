from django.contrib import admin

from .models import Intervention, ReportDocument


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ("date", "seller", "kind", "topic", "value", "vetted_at")
    list_filter = ("kind",)
    search_fields = ("seller__name", "topic", "items")
    raw_id_fields = ("seller", "pendamping", "vetted_by", "recorded_by")


@admin.register(ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    """Read-only: versions are made by the service and move only through the workflow."""

    list_display = ("period_label", "version", "status", "generated_at", "submitted_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
