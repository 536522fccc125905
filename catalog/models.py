"""Products, their legality, media and stock.

Rules that officers change (which certificates a category needs, age limits)
are data on ``Category``, not code.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shop.private_files import private_storage


class CertificateType(models.TextChoices):
    NIB = "NIB", _("NIB")
    PIRT = "PIRT", _("SPP-IRT/P-IRT")
    BPOM_MD = "BPOM_MD", _("BPOM MD")
    BPOM_ML = "BPOM_ML", _("BPOM ML")
    BPOM_NA = "BPOM_NA", _("BPOM NA (kosmetik)")
    BPOM_TR = "BPOM_TR", _("BPOM TR (obat tradisional)")
    HALAL = "HALAL", _("Halal")
    SNI = "SNI", _("SNI")
    HKI_MEREK = "HKI_MEREK", _("HKI Merek")
    INDIKASI_GEOGRAFIS = "INDIKASI_GEOGRAFIS", _("Indikasi Geografis")


class Category(models.Model):
    """A node of the OVOP taxonomy, with the legality rules its products follow.

    ``certificate_rules`` is a list of groups; a product satisfies a group
    with any one approved, unexpired certificate of the group's types, and
    must satisfy every group, e.g. ``[["PIRT", "BPOM_MD", "BPOM_ML"], ["HALAL"]]``.
    ``None`` (in ``certificate_rules`` or ``halal_applicable``) means "inherit from the
    parent" (nothing at the top); ``[]`` / ``False`` mean "needs nothing", so a
    sub-category such as green coffee beans can opt out of its parent's rules.
    """

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    certificate_rules = models.JSONField(
        _("aturan sertifikat"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Kosong: ikut induk. [] : tidak perlu sertifikat apa pun selain NIB."),
    )
    halal_applicable = models.BooleanField(
        _("wajib halal atau pernyataan tidak halal"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Kosong: ikut induk."),
    )
    min_buyer_age = models.PositiveSmallIntegerField(
        _("usia minimum pembeli"), null=True, blank=True
    )
    is_alcoholic = models.BooleanField(
        _("minuman beralkohol"),
        default=False,
        help_text=_(
            "Produknya tidak halal (wajib pernyataan tidak halal, halal tidak berlaku) dan "
            "hanya dijual kepada pembeli berusia 21 tahun ke atas. Berlaku juga untuk subkategori."
        ),
    )
    restriction_note = models.TextField(_("catatan pembatasan"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    class OvopStatus(models.TextChoices):
        NONE = "NONE", _("Belum diusulkan")
        CANDIDATE = "CANDIDATE", _("Calon produk OVOP")
        DESIGNATED = "DESIGNATED", _("Produk OVOP ditetapkan")
        DECLINED = "DECLINED", _("Tidak ditetapkan")

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    origin_village = models.ForeignKey(
        "sellers.Village",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("desa asal"),
    )
    raw_material = models.CharField(_("bahan baku"), max_length=255, blank=True)
    buffer_villages = models.ManyToManyField(
        "sellers.Village",
        blank=True,
        related_name="supplied_products",
        verbose_name=_("desa penyangga"),
    )
    technique = models.CharField(_("teknik"), max_length=255, blank=True)
    motif = models.CharField(_("motif"), max_length=255, blank=True)
    ovop_status = models.CharField(
        _("status OVOP"), max_length=12, choices=OvopStatus.choices, default=OvopStatus.NONE
    )
    ovop_decree_number = models.CharField(_("nomor SK penetapan"), max_length=100, blank=True)
    ovop_decree_date = models.DateField(_("tanggal SK penetapan"), null=True, blank=True)
    ovop_decree_issuer = models.CharField(_("penerbit SK penetapan"), max_length=200, blank=True)
    is_halal = models.BooleanField(_("halal"), null=True, blank=True)
    non_halal_statement = models.CharField(_("pernyataan tidak halal"), max_length=255, blank=True)
    attributes = models.JSONField(_("atribut"), default=dict, blank=True)
    is_published = models.BooleanField(_("terbit"), default=False, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Units sold in paid orders (online and at outlets), less those cancelled or refunded
    # after payment: the "Terlaris" sort. Kept by ``product_units_sold_add`` only.
    units_sold = models.PositiveIntegerField(_("terjual"), default=0, db_default=0, editable=False)
    # Search (issue #5): written only by catalog.search's index task, never by hand.
    # GIN indexes on search_vector and search_document (trigram) are made by the
    # migration on PostgreSQL only, so SQLite keeps working.
    search_vector = SearchVectorField(null=True, editable=False)
    search_document = models.TextField(blank=True, default="", editable=False)
    search_price = models.PositiveIntegerField(null=True, editable=False)
    search_certificates = models.CharField(max_length=255, blank=True, default="", editable=False)
    # Visible reviews (issue #17): moved only with F() expressions by orders.reviews'
    # services, so concurrent reviews stay exact.
    rating_count = models.PositiveIntegerField(
        _("jumlah ulasan"), default=0, db_default=0, editable=False
    )
    rating_sum = models.PositiveIntegerField(
        _("jumlah nilai ulasan"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")

    def __str__(self) -> str:
        return self.name

    @property
    def rating_average(self) -> float | None:
        """The mean rating of its visible reviews (one decimal), None before the first."""
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None


class OvopCriterion(models.TextChoices):
    """The product criteria of Pergub 45/2025 II.3 a-d, as the assessment records them."""

    RAW_MATERIAL_LOCAL = (
        "raw_material_local",
        _("a) keunggulan kearifan lokal dan bahan baku desa, dapat diproduksi berkesinambungan"),
    )
    RAW_MATERIAL_FROM_BUFFER_VILLAGES = (
        "raw_material_from_buffer_villages",
        _("b) bahan baku dipasok dari desa/kelurahan penyangga dalam zona yang sama"),
    )
    ECONOMIC_VALUE = (
        "economic_value",
        _("c) dampak ekonomi yang signifikan bagi kesejahteraan kawasan"),
    )
    MARKET_POTENTIAL = (
        "market_potential",
        _("d) potensi pasar dan pengembangan di masa depan"),
    )


class ProductAssessment(models.Model):
    """One round of the OVOP product assessment (Pergub II.3): a proposal by the lembaga or
    its pendamping, then the programme staff's criteria a-d and their decision (a decree
    designating the product, or a reason for declining it)."""

    class Decision(models.TextChoices):
        DESIGNATE = "DESIGNATE", _("Ditetapkan")
        DECLINE = "DECLINE", _("Tidak ditetapkan")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="assessments")
    proposed_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposal_note = models.TextField(_("catatan usulan"), blank=True)
    proposed_at = models.DateTimeField(auto_now_add=True)
    # {criterion: {"met": bool, "evidence": str, "note": str}} for each ``OvopCriterion``.
    criteria = models.JSONField(_("kriteria II.3"), default=dict, blank=True)
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(_("alasan/catatan keputusan"), blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_issuer = models.CharField(_("penerbit SK"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("penilaian produk OVOP")
        verbose_name_plural = _("penilaian produk OVOP")

    def criteria_rows(self) -> list[tuple[str, str, dict]]:
        """(key, label, {met, evidence, note}) in the order of the regulation."""
        return [(c.value, c.label, self.criteria.get(c.value) or {}) for c in OvopCriterion]


class ProductEvent(models.Model):
    """The product's audit log: every OVOP step, who acted (for whom), when and why."""

    class Kind(models.TextChoices):
        PROPOSED = "PROPOSED", _("Diusulkan sebagai calon produk OVOP")
        DESIGNATED = "DESIGNATED", _("Ditetapkan sebagai produk OVOP")
        DECLINED = "DECLINED", _("Tidak ditetapkan sebagai produk OVOP")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey("shop.User", on_delete=models.SET_NULL, null=True, related_name="+")
    acting_as_pendamping = models.BooleanField(default=False)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Product.OvopStatus.choices)
    to_status = models.CharField(max_length=12, choices=Product.OvopStatus.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("nama varian"), max_length=120, blank=True)
    price = models.PositiveIntegerField(_("harga (Rp)"))
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("varian produk")
        verbose_name_plural = _("varian produk")

    def __str__(self) -> str:
        return f"{self.product.name} — {self.name or self.sku}"


def certificate_document_path(instance: "Certificate", filename: str) -> str:
    """``filename`` is made by the store (``private_file_name``), never the uploader's."""
    return f"certificates/{instance.type.lower()}/{filename}"


class Certificate(models.Model):
    """A legality document on a product (PIRT, BPOM, Halal, ...) or a seller (NIB, HKI)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu tinjauan")
        APPROVED = "APPROVED", _("Disetujui")
        REJECTED = "REJECTED", _("Ditolak")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="certificates"
    )
    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificates",
    )
    type = models.CharField(_("jenis"), max_length=20, choices=CertificateType.choices)
    number = models.CharField(_("nomor"), max_length=64)
    issuer = models.CharField(_("penerbit"), max_length=150, blank=True)
    issued_at = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_at = models.DateField(_("berlaku sampai"), null=True, blank=True)
    document = models.FileField(
        _("dokumen"), upload_to=certificate_document_path, storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    review_note = models.TextField(_("catatan tinjauan"), blank=True)
    reviewed_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["type", "-created_at"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False) | Q(seller__isnull=False),
                name="certificate_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"


def product_media_path(instance: "ProductMedia", filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductMedia(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(
        _("gambar"), upload_to=product_media_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("teks alternatif"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    thumbnails = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("media produk")
        verbose_name_plural = _("media produk")


class StockLocation(models.Model):
    """Where units are kept: a seller's own store room, or an offline outlet.

    Outlets (kind ``NTT_MART``) belong to one of the offline channels of Pergub
    VI.1.b.2 and V.3 (``channel``); their shelves never count as online stock.
    """

    class Kind(models.TextChoices):
        SELLER = "SELLER", _("Lembaga")
        NTT_MART = "NTT_MART", _("Gerai NTT Mart")

    class Channel(models.TextChoices):
        NTT_MART = "NTT_MART", _("NTT Mart")
        NIGHT_MARKET = "NIGHT_MARKET", _("Night Market")
        DAPUR_FLOBAMORATA = "DAPUR_FLOBAMORATA", _("Dapur Flobamorata")
        PASAR_MODERN = "PASAR_MODERN", _("Pasar Modern")
        KOPERASI_BUMDES = "KOPERASI_BUMDES", _("Gerai koperasi/BUMDes")

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stock_locations",
    )
    regency = models.ForeignKey(
        "sellers.Regency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.TextField(_("alamat"), blank=True)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, blank=True)
    opening_hours = models.CharField(_("jam buka"), max_length=120, blank=True)
    sells_online = models.BooleanField(_("dijual daring"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("lokasi stok")
        verbose_name_plural = _("lokasi stok")

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """Units of one variant at one location; ``quantity_reserved`` are held by checkouts."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="stocks")
    location = models.ForeignKey(StockLocation, on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(_("jumlah"), default=0)
    quantity_reserved = models.IntegerField(_("jumlah dipesan"), default=0)
    # When the last SET count was taken (a POS's ``countedAt``): an older count is stale.
    counted_at = models.DateTimeField(_("terakhir dihitung"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "location"], name="stock_unique_variant_location"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="stock_quantity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_reserved__gte=0) & Q(quantity_reserved__lte=F("quantity")),
                name="stock_reserved_within_quantity",
            ),
        ]

    @property
    def quantity_available(self) -> int:
        return self.quantity - self.quantity_reserved


class StockMovement(models.Model):
    """The stock ledger: one row for every change of a stock's quantity."""

    class Reason(models.TextChoices):
        RECEIVED = "RECEIVED", _("Barang masuk")
        COUNT = "COUNT", _("Stok opname")
        CORRECTION = "CORRECTION", _("Koreksi")
        SALE = "SALE", _("Penjualan daring")
        OFFLINE_SALE = "OFFLINE_SALE", _("Penjualan gerai")
        RETURN = "RETURN", _("Retur/pembatalan")
        TRANSFER = "TRANSFER", _("Pemindahan")
        DAMAGED = "DAMAGED", _("Rusak/hilang")

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField()
    quantity_after = models.IntegerField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class WishlistItem(models.Model):
    """A product a buyer saved for later ("Wishlist" / "Favorit")."""

    user = models.ForeignKey("shop.User", on_delete=models.CASCADE, related_name="wishlist")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wishlist")
        verbose_name_plural = _("wishlist")
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="catalog_wishlist_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.product_id}"
