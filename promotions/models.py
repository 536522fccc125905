""" "Beli Produk NTT" campaigns, their vouchers, and the ledger of discounts given.

A ``Campaign`` is an offer: a scope (which products), a benefit (percentage
or rupiah off each item, or off an order above a minimum subtotal), who funds
it and how much it may spend. Its status is derived from its period, a draft
flag and a manual pause, never stored. A ``Redemption`` records every discount
a checkout holds or an order received, so the campaign's budget, its
per-customer limit and its report are read here, without the orders app
(which sits above promotions and writes the ledger through
``promotions.services``).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop import encryption


class CampaignStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    SCHEDULED = "SCHEDULED", _("Terjadwal")
    ACTIVE = "ACTIVE", _("Berjalan")
    PAUSED = "PAUSED", _("Dijeda")
    ENDED = "ENDED", _("Selesai")


class Agency(models.TextChoices):
    DISPERINDAG = "DISPERINDAG", _("Dinas Perindustrian dan Perdagangan")
    DISPAREKRAF = "DISPAREKRAF", _("Dinas Pariwisata dan Ekonomi Kreatif")
    OTHER = "OTHER", _("Lainnya")


class DiscountType(models.TextChoices):
    PERCENTAGE = "PERCENTAGE", _("Persen")
    FIXED = "FIXED", _("Potongan rupiah")


class AppliesTo(models.TextChoices):
    ITEM = "ITEM", _("Setiap barang")
    ORDER = "ORDER", _("Pesanan di atas minimum belanja")


class FundedBy(models.TextChoices):
    GOVERNMENT = "GOVERNMENT", _("Pemerintah")
    SELLER = "SELLER", _("Lembaga penjual")


def campaign_banner_path(instance: "Campaign", filename: str) -> str:
    """``filename`` is made by the service (a random name), never the uploader's."""
    return f"campaigns/{filename}"


class Campaign(models.Model):
    """An offer of the programme, with its scope, benefit, funding and budget."""

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    banner = models.ImageField(_("spanduk"), upload_to=campaign_banner_path, blank=True)
    agency = models.CharField(
        _("instansi"), max_length=16, choices=Agency.choices, default=Agency.DISPERINDAG
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    is_draft = models.BooleanField(_("draf"), default=False)
    is_paused = models.BooleanField(_("dijeda"), default=False)
    discount_type = models.CharField(_("jenis potongan"), max_length=10, choices=DiscountType)
    value = models.PositiveIntegerField(_("nilai potongan"))
    applies_to = models.CharField(
        _("berlaku untuk"), max_length=5, choices=AppliesTo, default=AppliesTo.ITEM
    )
    min_subtotal = models.PositiveIntegerField(_("minimum belanja (Rp)"), default=0)
    voucher_only = models.BooleanField(_("hanya dengan voucher"), default=False)
    funded_by = models.CharField(_("didanai oleh"), max_length=10, choices=FundedBy)
    funding_reference = models.CharField(_("rujukan pendanaan"), max_length=200, blank=True)
    budget = models.PositiveBigIntegerField(_("anggaran potongan (Rp)"), null=True, blank=True)
    budget_spent = models.PositiveBigIntegerField(_("anggaran terpakai (Rp)"), default=0)
    per_customer_limit = models.PositiveIntegerField(_("batas per pembeli"), null=True, blank=True)
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    sellers = models.ManyToManyField("sellers.Seller", blank=True, related_name="+")
    regencies = models.ManyToManyField("sellers.Regency", blank=True, related_name="+")
    zones = models.ManyToManyField("sellers.Zone", blank=True, related_name="+")
    created_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("kampanye")
        verbose_name_plural = _("kampanye")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="campaign_period"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget_spent__lte=F("budget")),
                name="campaign_budget_not_overspent",
            ),
            models.CheckConstraint(
                condition=~Q(discount_type="PERCENTAGE") | Q(value__gte=1, value__lte=100),
                name="campaign_percentage_1_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def status_at(self, now=None) -> str:
        """DRAFT until published, PAUSED by hand, else where ``now`` falls in the period."""
        now = now or timezone.now()
        if self.is_draft:
            return CampaignStatus.DRAFT
        if now >= self.ends_at:
            return CampaignStatus.ENDED
        if self.is_paused:
            return CampaignStatus.PAUSED
        if now < self.starts_at:
            return CampaignStatus.SCHEDULED
        return CampaignStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return str(CampaignStatus(self.status).label)

    @property
    def budget_left(self) -> int | None:
        return None if self.budget is None else max(0, self.budget - self.budget_spent)


def status_q(status: str, now=None) -> Q:
    """The campaigns whose derived status is ``status`` at ``now``, as a query filter."""
    now = now or timezone.now()
    live = Q(is_draft=False)
    return {
        CampaignStatus.DRAFT: Q(is_draft=True),
        CampaignStatus.ENDED: live & Q(ends_at__lte=now),
        CampaignStatus.PAUSED: live & Q(is_paused=True, ends_at__gt=now),
        CampaignStatus.SCHEDULED: live & Q(is_paused=False, starts_at__gt=now),
        CampaignStatus.ACTIVE: live & Q(is_paused=False, starts_at__lte=now, ends_at__gt=now),
    }[CampaignStatus(status)]


class SellerOptIn(models.Model):
    """A lembaga's answer to a seller-funded campaign: in or out, who said so and when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="opt_ins")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    opted_in = models.BooleanField(default=True)
    decided_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "seller"], name="seller_opt_in_unique"),
        ]


class Voucher(models.Model):
    """A code that unlocks a voucher-only campaign's benefit at checkout."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="vouchers")
    code = models.CharField(max_length=40, unique=True)  # stored upper-case
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    per_customer_limit = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)  # held and redeemed checkouts
    first_order_only = models.BooleanField(default=False)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(uses__lte=F("usage_limit")),
                name="voucher_uses_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Redemption(models.Model):
    """One campaign's discount on one lembaga's part of one checkout.

    HELD while the checkout pays (with the stock reservation's expiry),
    REDEEMED once it became an order, RELEASED when the hold lapsed or the
    order was cancelled or refunded: then its amount went back to the budget.
    ``checkout_id`` and ``order_id`` are plain ids: orders sits above promotions.
    """

    class Status(models.TextChoices):
        HELD = "HELD", _("Ditahan")
        REDEEMED = "REDEEMED", _("Dipakai")
        RELEASED = "RELEASED", _("Dikembalikan")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="redemptions")
    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, null=True, blank=True, related_name="redemptions"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    checkout_id = models.PositiveBigIntegerField(db_index=True)
    order_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    customer = models.CharField(max_length=260, db_index=True)  # "user:12" or "email:x@y"
    user = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.HELD)
    amount = models.PositiveIntegerField()
    goods = models.PositiveIntegerField(default=0)  # value of the discounted goods, before
    units = models.PositiveIntegerField(default=0)
    funded_by = models.CharField(max_length=10, choices=FundedBy)
    regency_code = models.CharField(max_length=5, blank=True)  # the buyer's, when in NTT
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


def nip_mask(nip: str) -> str:
    """A NIP as anyone but its owner sees it: the birth year and the last four digits."""
    if len(nip) < 8:
        return "*" * len(nip)
    return nip[:4] + "*" * (len(nip) - 8) + nip[-4:]


class AsnParticipant(models.Model):
    """A buyer who, with consent, says they are a civil servant (ASN), for the campaign reports.

    The NIP is personal data (UU 27/2022): only its owner sees it whole
    (``nip_masked`` everywhere else), it never goes to exports or logs, and
    the owner deletes the row (no soft delete: gone is gone). It is kept encrypted
    (``shop.encryption``): ``nip`` reads and sets it, ``nip_digest`` (a keyed digest)
    finds a NIP already recorded by another account.
    """

    user = models.OneToOneField("shop.User", on_delete=models.CASCADE, related_name="asn_profile")
    nip_encrypted = models.TextField(_("NIP (terenkripsi)"), editable=False)
    nip_digest = models.CharField(max_length=64, unique=True, editable=False)
    agency = models.CharField(_("instansi"), max_length=200)
    consented_at = models.DateTimeField(_("persetujuan diberikan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peserta ASN")
        verbose_name_plural = _("peserta ASN")

    def __str__(self) -> str:
        return self.nip_masked

    def __repr__(self) -> str:
        return f"<AsnParticipant {self.pk} {self.nip_masked}>"

    @property
    def nip(self) -> str:
        """The NIP whole (decrypted): for its owner only (``Access.may_see_nip_of``)."""
        return encryption.decrypt(self.nip_encrypted) if self.nip_encrypted else ""

    @nip.setter
    def nip(self, value: str) -> None:
        self.nip_encrypted = encryption.encrypt(value)
        self.nip_digest = nip_digest(value)

    @property
    def nip_masked(self) -> str:
        return nip_mask(self.nip)


def nip_digest(nip: str) -> str:
    """The keyed digest ``AsnParticipant.nip_digest`` holds for this NIP."""
    return encryption.digest(nip, purpose="asn-nip")
