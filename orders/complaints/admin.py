from django.contrib import admin

from .models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change only through their services (events, refunds, e-mails)."""

    list_display = ("order", "reason", "remedy", "amount", "status", "respond_by", "created_at")
    list_filter = ("status", "reason", "remedy")
    search_fields = ("order__number",)
    raw_id_fields = ("order", "buyer", "responder", "decided_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
