"""Reviews of what was bought, their replies and moderation; invoice numbers.

A ``Review`` is one buyer's rating (1-5) of one product of one COMPLETED order:
every review is therefore a verified purchase. The product's and the lembaga's
rating are counters on ``catalog.Product`` and ``sellers.Seller`` (below this
app), moved with F() expressions by the services here, never recomputed.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def review_photo_path(instance, filename: str) -> str:
    return f"reviews/{instance.review_id}/{filename}"


class Review(models.Model):
    """A buyer's rating and words about one product of one completed order."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="reviews")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="reviews")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="reviews")
    user = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    author_name = models.CharField(_("nama penulis"), max_length=150, blank=True)
    rating = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("ulasan"), blank=True)
    reply = models.TextField(_("balasan lembaga"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(_("disembunyikan"), default=False, db_index=True)
    hidden_reason = models.CharField(_("alasan disembunyikan"), max_length=255, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ulasan")
        verbose_name_plural = _("ulasan")
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="review_once_per_order"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["product", "is_hidden", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.rating}"


class ReviewPhoto(models.Model):
    """A photo of a review, cleaned like product media (real image, no EXIF)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=review_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["review", "position", "pk"]


class ReviewEventType(models.TextChoices):
    CREATED = "CREATED", _("Ulasan ditulis")
    REPLIED = "REPLIED", _("Lembaga membalas")
    HIDDEN = "HIDDEN", _("Disembunyikan staf")


class ReviewEvent(models.Model):
    """The audit trail of a review: written, answered, hidden (who, when, why)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=16, choices=ReviewEventType.choices)
    actor = models.ForeignKey(
        "shop.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class InvoiceKind(models.TextChoices):
    INVOICE = "INV", _("Faktur")
    RECEIPT = "KWT", _("Kuitansi")


class InvoiceCounter(models.Model):
    """One locked row per lembaga, kind and year hands out gapless invoice numbers."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=3, choices=InvoiceKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "kind", "year"], name="invoice_counter_unique"
            ),
        ]


class Invoice(models.Model):
    """The number an order's invoice (online) or receipt (outlet sale) got, once."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="invoice")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=3, choices=InvoiceKind.choices)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nomor faktur"), max_length=40, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("faktur")
        verbose_name_plural = _("faktur")
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "kind", "year", "sequence"], name="invoice_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number
