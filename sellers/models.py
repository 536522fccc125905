from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.private_files import private_storage


class Regency(models.Model):
    """A kabupaten or kota, keyed by its Kemendagri code (``53.07``)."""

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("Kabupaten ")


class District(models.Model):
    """A kecamatan (``53.07.01``)."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A desa or kelurahan (``53.07.01.2001``); the tail's first digit tells which."""

    class Kind(models.TextChoices):
        DESA = "DESA", _("Desa")
        KELURAHAN = "KELURAHAN", _("Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def regency_code(self) -> str:
        return self.code[:5]


class Zone(models.Model):
    """An OVOP kawasan/klaster/zona inside one kabupaten (Pergub II.3-4).

    Production villages make the product; buffer villages (desa penyangga)
    supply its raw material.
    """

    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    commodity = models.CharField(_("fokus komoditas"), max_length=150)
    description = models.TextField(_("deskripsi"), blank=True)
    production_villages = models.ManyToManyField(
        Village, related_name="production_zones", verbose_name=_("desa produksi")
    )
    buffer_villages = models.ManyToManyField(
        Village, related_name="buffer_zones", blank=True, verbose_name=_("desa penyangga")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["regency_id", "name"]
        verbose_name = _("zona OVOP")
        verbose_name_plural = _("zona OVOP")
        constraints = [
            models.UniqueConstraint(fields=["regency", "name"], name="zone_unique_name_per_regency")
        ]

    def __str__(self) -> str:
        return self.name


def seller_document_path(instance: "SellerDocument", filename: str) -> str:
    return f"sellers/{instance.seller_id}/documents/{filename}"


def seller_logo_path(instance: "Seller", filename: str) -> str:
    return f"sellers/{instance.pk or 'new'}/logo/{filename}"


class Seller(models.Model):
    """A lembaga ekonomi (village economic institution) selling on the store."""

    class Kind(models.TextChoices):
        BUMDES = "BUMDES", _("BUMDes")
        BUMDES_BERSAMA = "BUMDES_BERSAMA", _("BUMDes Bersama")
        KOPERASI_DESA_MERAH_PUTIH = "KOPERASI_DESA_MERAH_PUTIH", _("Koperasi Desa Merah Putih")
        KOPERASI = "KOPERASI", _("Koperasi")
        KELOMPOK_USAHA = "KELOMPOK_USAHA", _("Kelompok usaha")
        UMKM = "UMKM", _("UMKM")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        SUBMITTED = "SUBMITTED", _("Diajukan")
        ACTIVE = "ACTIVE", _("Aktif")
        REJECTED = "REJECTED", _("Ditolak")
        SUSPENDED = "SUSPENDED", _("Dibekukan")

    name = models.CharField(_("nama lembaga"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("jenis lembaga"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="sellers", verbose_name=_("desa/kelurahan")
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sellers",
        verbose_name=_("zona OVOP"),
    )
    nib = models.CharField(_("NIB"), max_length=13, unique=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=20)
    email = models.EmailField(_("e-mail"))
    address = models.TextField(_("alamat"), blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    story = models.TextField(_("cerita desa"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=seller_logo_path, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=150, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Visible reviews of the lembaga's products (issue #17): moved only with F()
    # expressions by orders.reviews' services, so concurrent reviews stay exact.
    rating_count = models.PositiveIntegerField(
        _("jumlah ulasan"), default=0, db_default=0, editable=False
    )
    rating_sum = models.PositiveIntegerField(
        _("jumlah nilai ulasan"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga ekonomi")
        verbose_name_plural = _("lembaga ekonomi")

    def __str__(self) -> str:
        return self.name

    @property
    def regency_code(self) -> str:
        return self.village_id[:5]

    @property
    def rating_average(self) -> float | None:
        """The mean rating of its visible reviews (one decimal), None before the first."""
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None

    @property
    def in_kelurahan(self) -> bool:
        """Its village is a kelurahan (not a desa)."""
        return self.village.kind == Village.Kind.KELURAHAN

    @property
    def kind_label(self) -> str:
        """The kind as the regulation names it here: a Koperasi Desa Merah Putih standing
        in a kelurahan is a Koperasi Kelurahan Merah Putih."""
        if self.kind == self.Kind.KOPERASI_DESA_MERAH_PUTIH and self.in_kelurahan:
            return str(_("Koperasi Kelurahan Merah Putih"))
        return str(self.get_kind_display())


class SellerDocument(models.Model):
    """A founding document: AD/ART, SK or akta pendirian (PDF or image)."""

    class Kind(models.TextChoices):
        AD_ART = "AD_ART", _("AD/ART")
        SK = "SK", _("SK pendirian")
        AKTA = "AKTA", _("Akta pendirian")
        OTHER = "OTHER", _("Lainnya")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=seller_document_path, storage=private_storage)
    content_type = models.CharField(max_length=50)
    uploaded_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("dokumen lembaga")
        verbose_name_plural = _("dokumen lembaga")

    FORMATS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}

    @property
    def format_label(self) -> str:
        """``PDF`` rather than ``application/pdf`` for the people reading the list."""
        return self.FORMATS.get(self.content_type, self.content_type)


class SellerMember(models.Model):
    """A user of a lembaga: pengurus (full rights) or staff (listings and orders)."""

    class Role(models.TextChoices):
        PENGURUS = "PENGURUS", _("Pengurus")
        STAFF = "STAFF", _("Staf")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        "shop.User", on_delete=models.CASCADE, related_name="seller_memberships"
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "user"], name="seller_member_unique")
        ]


class SellerInvitation(models.Model):
    """An e-mail invitation to join a lembaga; accepted with its token."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("peran"), max_length=10, choices=SellerMember.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)


class PendampingAssignment(models.Model):
    """A field facilitator (pendamping) assigned to act for a lembaga."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="pendamping")
    user = models.ForeignKey("shop.User", on_delete=models.CASCADE, related_name="pendamping_for")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="pendamping_unique")]


class OfficerRegency(models.Model):
    """The kabupaten a kabupaten officer reviews sellers of."""

    user = models.ForeignKey(
        "shop.User", on_delete=models.CASCADE, related_name="officer_regencies"
    )
    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="officers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "regency"], name="officer_regency_unique")
        ]


class OpdAssignment(models.Model):
    """An officer of another Perangkat Daerah (Pergub VI.1 b-j, VI.3) running an
    intervention for a lembaga: they read its data, never act for it."""

    class Agency(models.TextChoices):
        DISPERINDAG = "DISPERINDAG", _("Dinas Perindustrian dan Perdagangan")
        PERTANIAN = "PERTANIAN", _("Dinas Pertanian dan Ketahanan Pangan")
        KELAUTAN_PERIKANAN = "KELAUTAN_PERIKANAN", _("Dinas Kelautan dan Perikanan")
        PETERNAKAN = "PETERNAKAN", _("Dinas Peternakan")
        PARIWISATA_EKRAF = "PARIWISATA_EKRAF", _("Dinas Pariwisata dan Ekonomi Kreatif")
        LHK = "LHK", _("Dinas Lingkungan Hidup dan Kehutanan")
        KOPERASI_UKM = "KOPERASI_UKM", _("Dinas Koperasi, Usaha Kecil dan Menengah")
        PUPR = "PUPR", _("Dinas Pekerjaan Umum dan Perumahan Rakyat")
        KOMINFO = "KOMINFO", _("Dinas Komunikasi dan Informatika")
        TP_PKK = "TP_PKK", _("Tim Penggerak PKK")

    user = models.ForeignKey("shop.User", on_delete=models.CASCADE, related_name="opd_assignments")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="opd_assignments")
    agency = models.CharField(_("perangkat daerah"), max_length=24, choices=Agency.choices)
    intervention = models.CharField(_("intervensi"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervensi OPD")
        verbose_name_plural = _("intervensi OPD")
        constraints = [
            models.UniqueConstraint(fields=["user", "seller"], name="opd_assignment_unique")
        ]


class LocationChecklist(models.Model):
    """The reviewer's record of the Pergub II.4 a-g location criteria, item by item."""

    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, related_name="checklist")
    follows_programme = models.BooleanField(
        _("a) desa/kelurahan mengikuti Program OVOP"), null=True
    )
    has_local_potential = models.BooleanField(
        _("b) memiliki potensi produk unggulan lokal"), null=True
    )
    has_raw_material = models.BooleanField(
        _("c) memiliki sumber bahan baku/kearifan lokal memadai"), null=True
    )
    has_existing_product = models.BooleanField(
        _("d) sudah memiliki produk lembaga ekonomi"), null=True
    )
    is_committed = models.BooleanField(_("e) memiliki komitmen dan kemampuan"), null=True)
    will_cooperate = models.BooleanField(
        _("f) bersedia bekerja sama (usulan kepala desa/camat)"), null=True
    )
    has_min_infrastructure = models.BooleanField(
        _("g) memiliki sarana prasarana minimum"), null=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    # Pergub Ps. 1 angka 11: an UMKM counts only as a kelompok usaha formed by the community
    # (asked for UMKM lembaga only, on top of II.4 a-g).
    umkm_community_group = models.BooleanField(
        _("UMKM: kelompok usaha yang dibentuk kelompok masyarakat (Ps. 1 angka 11)"), null=True
    )
    reviewed_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    ITEMS = (
        "follows_programme",
        "has_local_potential",
        "has_raw_material",
        "has_existing_product",
        "is_committed",
        "will_cooperate",
        "has_min_infrastructure",
    )


class SellerEvent(models.Model):
    """The audit log: every status transition, who acted (and for whom), when and why."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey("shop.User", on_delete=models.SET_NULL, null=True, related_name="+")
    acting_as_pendamping = models.BooleanField(default=False)
    from_status = models.CharField(max_length=16, choices=Seller.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Seller.Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
