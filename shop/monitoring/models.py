"""Programme monitoring (Pergub VII): sales facts, interventions and the Governor's report.

``SalesFact`` is a read model rebuilt from the orders (``facts.py``): one row
per order x product, carrying every dimension the programme reports by, with
the lembaga's desa and zone as they were when the sale happened. Figures are
sums over these rows; nothing else is read to compute sales indicators.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.private_files import private_storage


class Channel(models.TextChoices):
    """Where a sale happened: the marketplace, or the offline channel of the outlet
    (``catalog.StockLocation.Channel``: NTT Mart, Night Market, ... Pergub V.3, VI.1.b.2)."""

    ONLINE = "ONLINE", _("Daring (marketplace)")
    NTT_MART = "NTT_MART", _("NTT Mart")
    NIGHT_MARKET = "NIGHT_MARKET", _("Night Market")
    DAPUR_FLOBAMORATA = "DAPUR_FLOBAMORATA", _("Dapur Flobamorata")
    PASAR_MODERN = "PASAR_MODERN", _("Pasar Modern")
    KOPERASI_BUMDES = "KOPERASI_BUMDES", _("Gerai koperasi/BUMDes")


class Destination(models.TextChoices):
    """Where the buyer is, relative to the lembaga (market reach, Pergub I.b.1)."""

    SAME_REGENCY = "SAME_REGENCY", _("Kabupaten yang sama")
    NTT = "NTT", _("Kabupaten lain di NTT")
    OUTSIDE_NTT = "OUTSIDE_NTT", _("Luar NTT")
    ABROAD = "ABROAD", _("Luar negeri")


class SalesFact(models.Model):
    """What one order sold of one product, net of refunds, in whole rupiah.

    The grain the programme reads is day x lembaga x product x origin desa x
    zone x channel x campaign x buyer destination; ``order_id`` is kept so an
    order's rows can be replaced when it changes (idempotent refresh) and
    orders counted once. ``orders`` is 1 on the first row of each order, so a
    sum over order-level dimensions counts orders without DISTINCT.
    """

    order_id = models.BigIntegerField(db_index=True)
    day = models.DateField(_("tanggal"))
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="+", verbose_name=_("lembaga")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    origin_village = models.ForeignKey(
        "sellers.Village", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The lembaga's place at the time of sale (a lembaga may move zone later).
    village = models.ForeignKey("sellers.Village", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("sellers.District", on_delete=models.PROTECT, related_name="+")
    regency = models.ForeignKey("sellers.Regency", on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey("sellers.Zone", on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    campaign_id = models.BigIntegerField(null=True, blank=True)
    destination = models.CharField(max_length=12, choices=Destination.choices)
    # A digest of the buyer's account or e-mail: repeat buyers without personal data.
    buyer_key = models.CharField(max_length=40, blank=True)
    gmv = models.BigIntegerField(default=0)
    units = models.IntegerField(default=0)
    orders = models.SmallIntegerField(default=0)
    discount_government = models.BigIntegerField(default=0)
    discount_seller = models.BigIntegerField(default=0)
    seller_net = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("fakta penjualan")
        verbose_name_plural = _("fakta penjualan")
        indexes = [
            models.Index(fields=["day", "regency"], name="salesfact_day_regency_idx"),
            models.Index(fields=["seller", "day"], name="salesfact_seller_day_idx"),
        ]


class Intervention(models.Model):
    """Support a lembaga received (Pergub III, IV, VI.1.a.5), to read its sales before/after."""

    class Kind(models.TextChoices):
        TRAINING = "TRAINING", _("Pelatihan")
        MENTORING = "MENTORING", _("Pendampingan")
        LEGALITY = "LEGALITY", _("Fasilitasi legalitas")
        GRANT = "GRANT", _("Hibah sarana prasarana")

    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("lembaga"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=200, blank=True)
    organiser = models.CharField(_("instansi penyelenggara"), max_length=200, blank=True)
    trainees = models.PositiveIntegerField(_("jumlah peserta"), null=True, blank=True)
    curriculum = models.TextField(_("kurikulum"), blank=True)
    pendamping = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    items = models.TextField(_("barang hibah"), blank=True)
    value = models.PositiveBigIntegerField(_("nilai (Rp)"), default=0)
    funding_source = models.CharField(_("sumber dana"), max_length=200, blank=True)
    vetted_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("intervensi")
        verbose_name_plural = _("intervensi")


def report_file_path(instance: "ReportDocument", filename: str) -> str:
    return f"monitoring/reports/{filename}"


class ReportDocument(models.Model):
    """One version of the report to the Governor for a period, with its workflow."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        REVIEWED = "REVIEWED", _("Ditelaah Tim Ahli")
        SUBMITTED = "SUBMITTED", _("Disampaikan kepada Gubernur")

    period_key = models.CharField(_("periode"), max_length=40)
    period_label = models.CharField(_("nama periode"), max_length=120)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    pdf = models.FileField(upload_to=report_file_path, storage=private_storage, blank=True)
    xlsx = models.FileField(upload_to=report_file_path, storage=private_storage, blank=True)
    totals = models.JSONField(default=dict, blank=True)
    generated_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("catatan telaah"), blank=True)
    submitted_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-version"]
        verbose_name = _("laporan monitoring")
        verbose_name_plural = _("laporan monitoring")
        constraints = [
            models.UniqueConstraint(
                fields=["period_key", "version"], name="report_period_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} v{self.version}"
