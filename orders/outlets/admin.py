from django.contrib import admin

from .models import (
    ApiToken,
    OfflineReceipt,
    OutletAssortment,
    OutletDelivery,
    OutletOperator,
)


@admin.register(OutletOperator)
class OutletOperatorAdmin(admin.ModelAdmin):
    list_display = ("user", "location")
    raw_id_fields = ("user", "location")


@admin.register(OutletAssortment)
class OutletAssortmentAdmin(admin.ModelAdmin):
    list_display = ("location", "variant", "terms", "margin_percent")
    list_filter = ("terms", "location")
    raw_id_fields = ("variant",)


@admin.register(OutletDelivery)
class OutletDeliveryAdmin(admin.ModelAdmin):
    list_display = ("number", "location", "seller", "received_at")
    readonly_fields = ("order",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued through ``apiTokenCreate`` (shown once); here they are only seen."""

    list_display = ("name", "prefix", "location", "created_at", "revoked_at", "last_used_at")
    readonly_fields = (
        "location",
        "user",
        "name",
        "prefix",
        "key_hash",
        "scopes",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "last_used_ip",
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OfflineReceipt)
class OfflineReceiptAdmin(admin.ModelAdmin):
    list_display = ("receipt_id", "location", "sold_at", "total", "payment_method", "voided_at")
    list_filter = ("location", "payment_method")
    readonly_fields = ("orders",)
