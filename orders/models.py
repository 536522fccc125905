"""Checkouts (the cart), payments, and the per-seller orders they become.

A ``Checkout`` is the cart of a guest (known by its token) or a signed-in
user; it holds lines from any number of lembaga. Paying reserves stock
(``StockReservation``, with an expiry); completing turns the checkout into one
``Order`` per seller, paid by one ``Payment``.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from shop.money import format_idr
from shop.private_files import private_storage


class ShippingMethod(models.Model):
    """A way a lembaga hands over its goods: pickup, or a courier priced by band and weight.

    Courier price = band base (first kilogram) + band per-kg price for each further
    started kilogram; bands are the buyer's destination relative to the lembaga.
    """

    class Kind(models.TextChoices):
        PICKUP_VILLAGE = "PICKUP_VILLAGE", _("Ambil di desa")
        PICKUP_OUTLET = "PICKUP_OUTLET", _("Ambil di gerai NTT Mart")
        COURIER = "COURIER", _("Kurir")

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="shipping_methods"
    )
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    outlet = models.ForeignKey(
        "catalog.StockLocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gerai"),
    )
    pickup_fee = models.PositiveIntegerField(_("biaya ambil (Rp)"), default=0)
    same_regency_base = models.PositiveIntegerField(
        _("tarif kabupaten sama, kg pertama"), default=0
    )
    same_regency_per_kg = models.PositiveIntegerField(_("tarif kabupaten sama, per kg"), default=0)
    ntt_base = models.PositiveIntegerField(_("tarif dalam NTT, kg pertama"), default=0)
    ntt_per_kg = models.PositiveIntegerField(_("tarif dalam NTT, per kg"), default=0)
    outside_base = models.PositiveIntegerField(_("tarif luar NTT, kg pertama"), default=0)
    outside_per_kg = models.PositiveIntegerField(_("tarif luar NTT, per kg"), default=0)
    ships_outside_ntt = models.BooleanField(_("kirim ke luar NTT"), default=True)
    max_weight_grams = models.PositiveIntegerField(_("berat maksimum (gram)"), default=30_000)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["seller", "kind", "name"]
        verbose_name = _("metode pengiriman")
        verbose_name_plural = _("metode pengiriman")

    def __str__(self) -> str:
        return self.name


class Checkout(models.Model):
    """The cart and the checkout in one: lines, contact, address, chosen methods."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "shop.User", on_delete=models.CASCADE, null=True, blank=True, related_name="checkouts"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    ship_name = models.CharField(_("nama penerima"), max_length=150, blank=True)
    ship_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    ship_street = models.CharField(_("alamat"), max_length=255, blank=True)
    ship_village = models.ForeignKey(
        "sellers.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ship_city = models.CharField(_("kota/kabupaten (luar NTT)"), max_length=120, blank=True)
    ship_province = models.CharField(_("provinsi (luar NTT)"), max_length=120, blank=True)
    ship_postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    age_confirmed = models.BooleanField(_("usia pembeli dikonfirmasi"), default=False)
    voucher_code = models.CharField(max_length=40, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.token)

    @property
    def has_address(self) -> bool:
        outside = bool(self.ship_city and self.ship_province)
        return bool(
            self.ship_name
            and self.ship_phone
            and self.ship_street
            and self.ship_postal_code
            and (self.ship_village_id or outside)
        )


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_line_quantity_gt_0"),
        ]


class CheckoutDelivery(models.Model):
    """The shipping method the buyer chose for one seller's part of the checkout."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkout", "seller"], name="checkout_delivery_unique"),
        ]


class StockReservation(models.Model):
    """Units held for a checkout that is paying, until ``expires_at``."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="reservations")
    stock = models.ForeignKey("catalog.Stock", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["stock_id"]


class Payment(models.Model):
    """One payment for a whole checkout, through one gateway."""

    class Gateway(models.TextChoices):
        STRIPE = "STRIPE", _("Kartu (Stripe)")
        BANK_TRANSFER = "BANK_TRANSFER", _("Transfer bank")
        COD = "COD", _("Bayar di tempat (COD)")
        DUMMY = "DUMMY", _("Pembayaran uji coba")
        # Offline channels (outlets app): money taken at an outlet's till or owed by it.
        CASH = "CASH", _("Tunai di gerai")
        QRIS = "QRIS", _("QRIS di gerai")
        OUTLET_PURCHASE = "OUTLET_PURCHASE", _("Beli putus oleh gerai")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu pembayaran")
        SUCCEEDED = "SUCCEEDED", _("Berhasil")
        FAILED = "FAILED", _("Gagal")
        CANCELLED = "CANCELLED", _("Dibatalkan")
        REFUNDED = "REFUNDED", _("Dikembalikan")
        PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED", _("Dikembalikan sebagian")

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=16, choices=Gateway.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    amount = models.PositiveIntegerField(_("jumlah (Rp)"))
    captured_amount = models.PositiveIntegerField(default=0)
    refunded_amount = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=80, unique=True)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    client_secret = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class PaymentRefund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    amount = models.PositiveIntegerField()
    external_id = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class GatewayEvent(models.Model):
    """A webhook event received from a gateway; its id makes a second delivery a no-op."""

    gateway = models.CharField(max_length=16)
    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=255, blank=True)


class OrderNumberCounter(models.Model):
    """One locked row per year hands out sequential order numbers."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Order(models.Model):
    """What one lembaga must deliver from one checkout, and what it earns."""

    class Channel(models.TextChoices):
        ONLINE = "ONLINE", _("Daring")
        OFFLINE = "OFFLINE", _("Gerai luring")

    class Status(models.TextChoices):
        UNPAID = "UNPAID", _("Belum dibayar")
        PAID = "PAID", _("Dibayar")
        PROCESSING = "PROCESSING", _("Diproses")
        SHIPPED = "SHIPPED", _("Dikirim")
        DELIVERED = "DELIVERED", _("Diterima")
        COMPLETED = "COMPLETED", _("Selesai")
        CANCELLED = "CANCELLED", _("Dibatalkan")
        REFUNDED = "REFUNDED", _("Dikembalikan")

    number = models.CharField(_("nomor"), max_length=20, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNPAID, db_index=True
    )
    email = models.EmailField(_("e-mail"))
    ship_name = models.CharField(max_length=150)
    ship_phone = models.CharField(max_length=20)
    ship_street = models.CharField(max_length=255)
    ship_village = models.ForeignKey(
        "sellers.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ship_city = models.CharField(max_length=120, blank=True)
    ship_province = models.CharField(max_length=120, blank=True)
    ship_postal_code = models.CharField(max_length=5)
    ship_regency = models.ForeignKey(
        "sellers.Regency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shipping_method = models.ForeignKey(
        ShippingMethod, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=120)
    subtotal = models.PositiveIntegerField()
    shipping_total = models.PositiveIntegerField()
    discount_total = models.PositiveIntegerField(default=0)
    # The part of discount_total the province pays the lembaga (government-funded
    # campaigns); the rest was funded by the lembaga itself.
    discount_government = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField()
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2)
    commission_amount = models.PositiveIntegerField()
    seller_payout = models.IntegerField()
    refunded_amount = models.PositiveIntegerField(default=0)
    tracking_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    # OFFLINE: sold through an outlet (``outlet``): a POS receipt or an outright delivery.
    channel = models.CharField(
        _("saluran"), max_length=8, choices=Channel.choices, default=Channel.ONLINE, db_index=True
    )
    outlet = models.ForeignKey(
        "catalog.StockLocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gerai"),
    )
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        indexes = [
            # a guest's earlier orders by e-mail, in any case (the first-order rule, asked
            # by every checkout's locking query): an index lookup, not a scan of all orders
            models.Index(Upper("email"), name="orders_order_email_upper"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=120, blank=True)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    weight_grams = models.PositiveIntegerField(default=0)
    discount = models.PositiveIntegerField(default=0)
    discount_government = models.PositiveIntegerField(default=0)
    campaign = models.ForeignKey(
        "promotions.Campaign", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voucher = models.ForeignKey(
        "promotions.Voucher", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


class OrderAllocation(models.Model):
    """Units taken from one stock for an order line; given back on cancellation."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    stock = models.ForeignKey("catalog.Stock", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    released = models.BooleanField(default=False)


class OrderEventType(models.TextChoices):
    """What happened to an order; each status change writes one (the label is the history's text)."""

    PLACED = "PLACED", _("Pesanan dibuat")
    PAID = "PAID", _("Pembayaran diterima")
    ACCEPTED = "ACCEPTED", _("Diterima lembaga, sedang diproses")
    SHIPPED = "SHIPPED", _("Dikirim")
    DELIVERED = "DELIVERED", _("Sudah diterima pembeli")
    COMPLETED = "COMPLETED", _("Selesai")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    EXPIRED = "EXPIRED", _("Dibatalkan karena tidak dibayar")
    REFUNDED = "REFUNDED", _("Dana dikembalikan")
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED", _("Sebagian dana dikembalikan")
    # Complaints and returns (orders.complaints, issue #17).
    COMPLAINT_OPENED = "COMPLAINT_OPENED", _("Komplain diajukan pembeli")
    COMPLAINT_ACCEPTED = "COMPLAINT_ACCEPTED", _("Komplain diterima lembaga")
    COMPLAINT_OFFERED = "COMPLAINT_OFFERED", _("Lembaga menawarkan penyelesaian komplain")
    COMPLAINT_REJECTED = "COMPLAINT_REJECTED", _("Komplain ditolak lembaga")
    COMPLAINT_ESCALATED = "COMPLAINT_ESCALATED", _("Komplain diteruskan ke staf program")
    COMPLAINT_RESOLVED = "COMPLAINT_RESOLVED", _("Komplain diselesaikan")
    COMPLAINT_DISMISSED = "COMPLAINT_DISMISSED", _("Komplain ditolak staf program")
    RETURN_RESTOCKED = "RETURN_RESTOCKED", _("Barang retur kembali ke stok")


class OrderEvent(models.Model):
    """The order's history: every status change and action, with who and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=OrderEventType.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=OrderEventType.values), name="order_event_type_known"
            ),
        ]

    @property
    def type_label(self) -> str:
        return str(self.get_type_display())

    @property
    def to_status_label(self) -> str:
        return str(Order.Status(self.to_status).label) if self.to_status else ""

    @property
    def note_label(self) -> str:
        """The note as a person reads it: refunds in rupiah, shipments with their resi."""
        refunds = (OrderEventType.REFUNDED, OrderEventType.PARTIALLY_REFUNDED)
        if self.type in refunds and self.note.isdigit():
            return format_idr(int(self.note))
        if self.type == OrderEventType.SHIPPED and self.note:
            return _("Nomor resi %(number)s") % {"number": self.note}
        return self.note


class BuyerAddress(models.Model):
    """A delivery address a buyer keeps for the next checkout (one is the default)."""

    user = models.ForeignKey("shop.User", on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=60, blank=True)
    name = models.CharField(_("nama penerima"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=20)
    street = models.CharField(_("alamat"), max_length=255)
    village = models.ForeignKey(
        "sellers.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    city = models.CharField(_("kota/kabupaten (luar NTT)"), max_length=120, blank=True)
    province = models.CharField(_("provinsi (luar NTT)"), max_length=120, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=5)
    is_default = models.BooleanField(_("alamat utama"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-updated_at", "-pk"]
        verbose_name = _("alamat pembeli")
        verbose_name_plural = _("alamat pembeli")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True),
                name="orders_buyeraddress_one_default",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}"

    @property
    def place(self) -> str:
        """Desa, kecamatan, kabupaten (or city and province outside NTT), for one line."""
        village = self.village
        if village is None:
            return f"{self.city}, {self.province}"
        district = village.district
        return f"{village.name}, {_('Kec.')} {district.name}, {district.regency.name}"


def transfer_proof_path(instance: "TransferProof", filename: str) -> str:
    return f"payments/{instance.payment_id}/proofs/{filename}"


class TransferProof(models.Model):
    """A photo or PDF of a bank transfer, uploaded by the buyer for staff to check.

    Private (``private`` storage, named by the store from the sniffed type);
    served only by ``orders:transfer-proof`` to the buyer and to whoever may
    handle an order the payment pays.
    """

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="transfer_proofs")
    file = models.FileField(
        _("bukti transfer"), upload_to=transfer_proof_path, storage=private_storage
    )
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bukti transfer")
        verbose_name_plural = _("bukti transfer")

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.file.name}"
