from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import legality
from .models import (
    Category,
    Certificate,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)
from .services import category_products_recheck


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "parent",
        "certificate_rules",
        "effective_rules",
        "halal_applicable",
        "effective_halal",
        "min_buyer_age",
    )
    list_select_related = ("parent",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        """Rules changed here withdraw the products that no longer qualify, exactly as
        ``categoryRulesUpdate`` does."""
        super().save_model(request, obj, form, change)
        if change:
            withdrawn = category_products_recheck(category=obj)
            if withdrawn:
                self.message_user(
                    request,
                    _("%(n)d produk diturunkan karena tidak lagi memenuhi aturan kategori.")
                    % {"n": len(withdrawn)},
                )

    @admin.display(description=_("aturan berlaku (dengan induk)"))
    def effective_rules(self, obj: Category):
        return legality.category_rule_groups(obj)

    @admin.display(description=_("halal berlaku (dengan induk)"), boolean=True)
    def effective_halal(self, obj: Category):
        return legality.category_halal_applicable(obj)


class VariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0


class MediaInline(admin.TabularInline):
    model = ProductMedia
    extra = 0
    readonly_fields = ("width", "height", "thumbnails")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "seller", "category", "ovop_status", "is_published")
    list_filter = ("is_published", "ovop_status", "category")
    list_select_related = ("seller", "category")
    search_fields = ("name", "slug", "seller__name")
    raw_id_fields = ("seller", "origin_village", "buffer_villages")
    inlines = (VariantInline, MediaInline)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("type", "number", "product", "seller", "status", "expires_at")
    list_filter = ("status", "type")
    list_select_related = ("product", "seller")
    search_fields = ("number", "product__name", "seller__name")
    raw_id_fields = ("product", "seller", "reviewed_by")
    # The scan is private: uploaded only through the portal or the API (which name and
    # sniff it), shown here as a link to the view that checks who may read it.
    exclude = ("document",)
    readonly_fields = ("document_link",)

    @admin.display(description=_("dokumen"))
    def document_link(self, obj: Certificate) -> str:
        if not obj.pk or not obj.document:
            return "—"
        url = reverse("catalog:certificate_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Unduh"))


@admin.register(StockLocation)
class StockLocationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "seller", "regency", "sells_online")
    list_filter = ("kind",)
    raw_id_fields = ("seller",)


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ("variant", "location", "quantity", "quantity_reserved")
    list_select_related = ("variant__product", "location")
    raw_id_fields = ("variant", "location")


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ("created_at", "stock", "delta", "quantity_after", "reason", "actor")
    list_select_related = ("stock__variant__product", "stock__location", "actor")
    list_filter = ("reason",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
