"""Offline channels: outlets' operators, assortment, deliveries, POS tokens and receipts.

An outlet is a ``catalog.StockLocation`` of kind ``NTT_MART`` (its ``channel``
says which: NTT Mart, Night Market, Dapur Flobamorata, Pasar Modern, a
koperasi/BUMDes outlet). A lembaga's goods reach it by a delivery (surat
jalan) and leave it by a POS receipt; each move is a stock-ledger row.

Terms per product: under consignment (konsinyasi) the lembaga owns the units
until they sell and each receipt is its sale (an ``orders.Order`` of the
OFFLINE channel, the outlet's margin as the commission); under outright
purchase (beli putus) the outlet buys at delivery, so the delivery is the
lembaga's sale and the till sale is the outlet's own: a unit is never
counted as the lembaga's sale twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Terms(models.TextChoices):
    CONSIGNMENT = "CONSIGNMENT", _("Konsinyasi")
    OUTRIGHT = "OUTRIGHT", _("Beli putus")


class PaymentMethod(models.TextChoices):
    CASH = "CASH", _("Tunai")
    QRIS = "QRIS", _("QRIS")
    TRANSFER = "TRANSFER", _("Transfer")


class OutletOperator(models.Model):
    """A user who runs one outlet (its staff page, counts, hand-entered sales)."""

    user = models.ForeignKey("shop.User", on_delete=models.CASCADE, related_name="outlet_links")
    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.CASCADE, related_name="operators"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "location"], name="outlet_operator_unique")
        ]


class OutletAssortment(models.Model):
    """A lembaga's variant that an outlet carries, on which terms and at which margin."""

    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.CASCADE, related_name="assortment"
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="outlet_assortment"
    )
    terms = models.CharField(_("syarat"), max_length=12, choices=Terms.choices)
    margin_percent = models.PositiveSmallIntegerField(_("margin gerai (%)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["location", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "variant"], name="outlet_assortment_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(margin_percent__lte=100), name="outlet_margin_at_most_100"
            ),
        ]


class OutletDelivery(models.Model):
    """Goods received at an outlet from one lembaga, by one surat jalan."""

    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.PROTECT, related_name="deliveries"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor surat jalan"), max_length=60)
    received_at = models.DateTimeField(_("diterima"))
    received_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The lembaga's sale of the outright lines (None when every line is on consignment).
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "seller", "number"], name="outlet_delivery_unique"
            )
        ]


class OutletDeliveryLine(models.Model):
    delivery = models.ForeignKey(OutletDelivery, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    terms = models.CharField(max_length=12, choices=Terms.choices)
    # What the outlet pays per unit under outright terms (price less the outlet's margin).
    unit_price = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]


class ApiToken(models.Model):
    """A POS client's secret for one outlet, shown once and stored as a SHA-256 hash.

    The token acts as its own service ``user`` (no groups, unusable password),
    whose only rights are the token's scopes on its ``location``.
    """

    class Scope(models.TextChoices):
        STOCK = "stock", _("Stok gerai")
        SALES = "sales", _("Penjualan gerai")

    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    user = models.OneToOneField("shop.User", on_delete=models.CASCADE, related_name="api_token")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class StockSyncRequest(models.Model):
    """One ``stockBulkUpdate`` call, kept by its idempotency key to replay its answer."""

    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    body_hash = models.CharField(max_length=64)
    response = models.JSONField(null=True)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "key"], name="stock_sync_key_unique")
        ]


class OfflineReceipt(models.Model):
    """A POS receipt of an outlet, once: its lines, and the orders it made per lembaga."""

    location = models.ForeignKey(
        "catalog.StockLocation", on_delete=models.PROTECT, related_name="receipts"
    )
    receipt_id = models.CharField(max_length=80)
    body_hash = models.CharField(max_length=64)
    sold_at = models.DateTimeField(db_index=True)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    total = models.PositiveIntegerField()
    orders = models.ManyToManyField("orders.Order", blank=True, related_name="+")
    # SKU -> units sold beyond the shelf (within OUTLET_OVERSELL_UNITS): the POS sold them
    # before its last count reached us; the stock opname shows them.
    oversold = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sold_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "receipt_id"], name="receipt_unique")
        ]


class OfflineReceiptLine(models.Model):
    receipt = models.ForeignKey(OfflineReceipt, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    stock = models.ForeignKey("catalog.Stock", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveIntegerField()
    terms = models.CharField(max_length=12, choices=Terms.choices)

    class Meta:
        ordering = ["pk"]
