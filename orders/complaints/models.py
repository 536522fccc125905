"""A buyer's complaint about a delivered order, the lembaga's answer and staff's decision.

A complaint is open (``is_open``) from the buyer's filing until it is settled;
while open it holds ``amount`` rupiah of the lembaga's payout
(``orders.selectors.seller_payouts``) and keeps the order from completing on
its own (``orders.services.orders.orders_complete_delivered``). Both read
the ``complaints`` relation of ``Order`` by name, so they need no import of
this app.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.private_files import private_storage


class Reason(models.TextChoices):
    WRONG_ITEM = "WRONG_ITEM", _("Barang salah")
    DAMAGED = "DAMAGED", _("Barang rusak")
    MISSING = "MISSING", _("Barang kurang atau tidak ada")
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED", _("Tidak sesuai deskripsi")


class Remedy(models.TextChoices):
    REFUND = "REFUND", _("Pengembalian dana penuh")
    PARTIAL_REFUND = "PARTIAL_REFUND", _("Pengembalian dana sebagian")
    REPLACEMENT = "REPLACEMENT", _("Barang pengganti")


class Complaint(models.Model):
    """One complaint on one order (at most one open at a time)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Menunggu jawaban lembaga")
        OFFERED = "OFFERED", _("Lembaga menawarkan penyelesaian")
        ESCALATED = "ESCALATED", _("Menunggu keputusan staf program")
        RESOLVED = "RESOLVED", _("Selesai")
        REJECTED = "REJECTED", _("Ditolak")

    class Response(models.TextChoices):
        ACCEPT = "ACCEPT", _("Menerima permintaan pembeli")
        OFFER = "OFFER", _("Menawarkan penyelesaian lain")
        REJECT = "REJECT", _("Menolak")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="complaints")
    buyer = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("uraian"), max_length=2000)
    remedy = models.CharField(_("penyelesaian diminta"), max_length=16, choices=Remedy.choices)
    # The rupiah in dispute: the refund asked (for a replacement, what the buyer paid).
    amount = models.PositiveIntegerField(_("jumlah disengketakan (Rp)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    is_open = models.BooleanField(default=True, db_index=True)
    respond_by = models.DateTimeField(_("batas jawaban"))
    response = models.CharField(max_length=8, choices=Response.choices, blank=True)
    response_note = models.CharField(_("catatan lembaga"), max_length=500, blank=True)
    offer_remedy = models.CharField(max_length=16, choices=Remedy.choices, blank=True)
    offer_amount = models.PositiveIntegerField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responder = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # How it was settled: the remedy carried out (blank when rejected), the refund and by whom.
    outcome = models.CharField(max_length=16, choices=Remedy.choices, blank=True)
    refund_amount = models.PositiveIntegerField(default=0)
    decision_note = models.CharField(_("catatan keputusan"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("komplain")
        verbose_name_plural = _("komplain")
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=Q(is_open=True), name="complaint_one_open_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.pk}"


class ComplaintPhoto(models.Model):
    """A photo of the parcel, cleaned like product images and kept private."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="complaints/", storage=private_storage)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class ComplaintReturn(models.Model):
    """Units of an order line the buyer sends back, put on the shelf by the decision."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="returns")
    line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="complaint_return_qty_gt_0"),
        ]
