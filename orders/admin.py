from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    GatewayEvent,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    PaymentRefund,
    ShippingMethod,
    TransferProof,
)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "seller", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "seller__name")
    raw_id_fields = ("seller", "outlet")


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = ("product_name", "variant_name", "sku", "quantity", "unit_price", "total")
    exclude = ("variant", "weight_grams")


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("type", "from_status", "to_status", "actor", "note", "created_at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only: status changes go through the services (history, stock, refunds)."""

    list_display = ("number", "seller", "status", "total", "created_at")
    list_filter = ("status", "ship_regency")
    search_fields = ("number", "email", "seller__name")
    inlines = (OrderLineInline, OrderEventInline)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransferProofInline(admin.TabularInline):
    """The buyer's transfer receipts, opened through the view that checks who may see them."""

    model = TransferProof
    extra = 0
    can_delete = False
    fields = ("download", "content_type", "uploaded_by", "created_at")
    readonly_fields = fields

    @admin.display(description=_("bukti transfer"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("orders:transfer-proof", args=[obj.pk]), _("Unduh")
        )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    inlines = (TransferProofInline,)
    list_display = (
        "pk",
        "gateway",
        "status",
        "amount",
        "refunded_amount",
        "external_id",
        "created_at",
    )
    list_filter = ("gateway", "status")
    search_fields = ("external_id", "idempotency_key")
    exclude = ("client_secret",)

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(PaymentRefund)


@admin.register(GatewayEvent)
class GatewayEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "outcome", "received_at")
    search_fields = ("event_id",)

    def has_change_permission(self, request, obj=None):
        return False
