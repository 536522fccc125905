from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    District,
    OfficerRegency,
    OpdAssignment,
    PendampingAssignment,
    Regency,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerMember,
    Village,
    Zone,
)


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regency")
    list_filter = ("regency",)
    search_fields = ("code", "name")


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "district")
    list_filter = ("kind", "district__regency")
    search_fields = ("code", "name")
    list_select_related = ("district",)


class SellerMemberInline(admin.TabularInline):
    model = SellerMember
    extra = 0
    raw_id_fields = ("user",)


class PendampingInline(admin.TabularInline):
    model = PendampingAssignment
    extra = 0
    raw_id_fields = ("user",)


class SellerDocumentInline(admin.TabularInline):
    model = SellerDocument
    extra = 0
    fields = ("kind", "download", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("berkas"))
    def download(self, obj: SellerDocument) -> str:
        if not obj.pk or not obj.file:
            return "—"
        url = reverse("sellers:document_download", args=[obj.seller.slug, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Unduh"))


class SellerEventInline(admin.TabularInline):
    model = SellerEvent
    extra = 0
    readonly_fields = (
        "actor",
        "acting_as_pendamping",
        "from_status",
        "to_status",
        "note",
        "created_at",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    """Status changes go through the review queue (audit log, e-mails, signal), not here."""

    list_display = ("name", "kind", "status", "village", "zone", "nib")
    list_filter = ("status", "kind", "village__district__regency")
    search_fields = ("name", "nib", "slug")
    readonly_fields = ("status", "submitted_at", "approved_at", "rejection_reason")
    raw_id_fields = ("village", "zone")
    inlines = (SellerMemberInline, PendampingInline, SellerDocumentInline, SellerEventInline)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "regency", "commodity")
    list_filter = ("regency",)
    search_fields = ("name", "commodity")
    raw_id_fields = ("production_villages", "buffer_villages")


@admin.register(OpdAssignment)
class OpdAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "seller", "agency", "intervention")
    list_filter = ("agency",)
    raw_id_fields = ("user", "seller")


@admin.register(OfficerRegency)
class OfficerRegencyAdmin(admin.ModelAdmin):
    list_display = ("user", "regency")
    raw_id_fields = ("user",)
