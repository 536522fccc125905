from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import OutboxMessage, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name", "phone")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("first_name", "last_name", "phone", "language")}),
        (
            _("Izin"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Tanggal"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Watch the outbox: what waits, what failed and why; re-send after fixing the cause."""

    list_display = ("pk", "kind", "handler", "created_at", "attempts", "delivered_at", "last_error")
    list_filter = ("kind", ("delivered_at", admin.EmptyFieldListFilter))
    search_fields = ("handler", "last_error")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ("deliver_again",)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Kirim ulang pesan yang belum terkirim"), permissions=["change"])
    def deliver_again(self, request, queryset) -> None:
        """Reset the attempt count of undelivered messages and hand them to the broker again."""
        ids = list(queryset.filter(delivered_at__isnull=True).values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(attempts=0)
        handed = sum(outbox.dispatch(message_id=pk) for pk in ids)
        self.message_user(
            request,
            _("%(handed)d dari %(total)d pesan diserahkan untuk dikirim.")
            % {"handed": handed, "total": len(ids)},
        )
