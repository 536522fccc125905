from django.contrib import admin

from .models import Invoice, Review, ReviewEvent


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    readonly_fields = ("type", "actor", "note", "created_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: a review is hidden (with its reason, audited) at /staf/ulasan/, never
    edited here, so the rating counters stay equal to the visible reviews."""

    list_display = ("product", "seller", "rating", "is_hidden", "created_at")
    list_filter = ("is_hidden", "rating")
    search_fields = ("product__name", "seller__name", "order__number", "comment")
    inlines = [ReviewEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("number", "order", "seller", "issued_at")
    search_fields = ("number", "order__number")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
