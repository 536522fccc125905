"""Writes of the trust app: reviews (create, reply, hide) and invoice numbers.

Every bad input raises a ``ValidationError`` coded with ``ReviewErrorCode`` before
anything is written; the product's and the lembaga's rating counters move with
F() expressions in the same transaction as the review, so concurrent reviews
never lose an update.
"""

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.search import product_index_later
from catalog.services.media import image_clean
from orders.models import Order
from sellers.models import Seller
from shop.access import Access, require

from . import notifications
from .errors import ReviewErrorCode as Code
from .models import (
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    Review,
    ReviewEvent,
    ReviewEventType,
    ReviewPhoto,
)
from .selectors import order_completed_at, order_product_ids, review_window


def error(field: str | None, message: str, code: Code) -> ValidationError:
    """A ``ValidationError`` on one field (or the whole request) with a review code."""
    if field is None:
        return ValidationError(message, code=code)
    return ValidationError({field: ValidationError(message, code=code)})


def rating_clean(rating) -> int:
    """A whole star count 1-5, else RATING_INVALID."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise error("rating", _("Nilai harus bilangan bulat 1 sampai 5."), Code.RATING_INVALID)
    return rating


def photos_clean(photos: Sequence[UploadedFile]) -> list:
    """At most ``REVIEW_MAX_PHOTOS`` real images, each cleaned like product media."""
    if len(photos) > settings.REVIEW_MAX_PHOTOS:
        raise error(
            "photos",
            _("Paling banyak %(n)s foto per ulasan.") % {"n": settings.REVIEW_MAX_PHOTOS},
            Code.TOO_MANY_PHOTOS,
        )
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(image_clean(photo))
        except ValidationError as exc:
            err = exc.error_dict["image"][0]
            raise error("photos", err.message, Code(str(err.code))) from None
    return cleaned


def counters_move(*, product_id: int, seller_id: int, count: int, rating: int) -> None:
    """Add (count=1) or remove (count=-1) one rating on the product and its lembaga."""
    change = {"rating_count": F("rating_count") + count, "rating_sum": F("rating_sum") + rating}
    Product.objects.filter(pk=product_id).update(**change)
    Seller.objects.filter(pk=seller_id).update(**change)


def review_create(
    *,
    user,
    order: Order,
    product: Product,
    rating,
    comment: str = "",
    photos: Sequence[UploadedFile] = (),
    now=None,
) -> Review:
    """Record the buyer's rating of one product of their completed order, once.

    Allowed to the buyer of a COMPLETED order that holds the product, up to
    ``REVIEW_WINDOW_DAYS`` after completion (the deadline itself included). The
    lembaga's members are e-mailed (after commit) with a link to answer it.
    """
    access = Access(user)
    if not access.is_buyer_of(order):
        raise error(
            None, _("Hanya pembeli pesanan ini yang dapat mengulas produknya."), Code.NOT_BUYER
        )
    rating = rating_clean(rating)
    comment = (comment or "").strip()
    if len(comment) > settings.REVIEW_COMMENT_MAX_CHARS:
        raise error(
            "comment",
            _("Ulasan paling panjang %(n)s karakter.") % {"n": settings.REVIEW_COMMENT_MAX_CHARS},
            Code.COMMENT_TOO_LONG,
        )
    cleaned = photos_clean(photos)
    with transaction.atomic():
        # The order's row lock serialises two reviews of the same order.
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.COMPLETED:
            raise error(
                "order",
                _("Ulasan hanya untuk pesanan yang sudah selesai."),
                Code.ORDER_NOT_COMPLETED,
            )
        if product.pk not in order_product_ids(order=order):
            raise error(
                "product",
                _("Produk ini tidak ada dalam pesanan %(number)s.") % {"number": order.number},
                Code.PRODUCT_NOT_BOUGHT,
            )
        completed = order_completed_at(order=order)
        if completed is None or (now or timezone.now()) > completed + review_window():
            raise error(
                "order",
                _("Batas waktu ulasan (%(days)s hari setelah pesanan selesai) sudah lewat.")
                % {"days": settings.REVIEW_WINDOW_DAYS},
                Code.WINDOW_CLOSED,
            )
        if Review.objects.filter(order=order, product=product).exists():
            raise error(
                "product",
                _("Anda sudah mengulas produk ini untuk pesanan ini."),
                Code.ALREADY_REVIEWED,
            )
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    order=order,
                    product=product,
                    seller_id=order.seller_id,
                    user=user,
                    author_name=author_name(user),
                    rating=rating,
                    comment=comment,
                )
        except IntegrityError:
            raise error(
                "product",
                _("Anda sudah mengulas produk ini untuk pesanan ini."),
                Code.ALREADY_REVIEWED,
            ) from None
        for position, (content, ext, (width, height)) in enumerate(cleaned):
            photo = ReviewPhoto(review=review, position=position, width=width, height=height)
            photo.image.save(f"{uuid.uuid4().hex}.{ext}", content, save=False)
            photo.width, photo.height = width, height
            photo.save()
        counters_move(product_id=product.pk, seller_id=order.seller_id, count=1, rating=rating)
        ReviewEvent.objects.create(
            review=review, type=ReviewEventType.CREATED, actor=user, note=str(rating)
        )
        product_index_later([product.pk])
        notifications.notify_seller_new_review(review)
    return review


def author_name(user) -> str:
    """What a review shows of its author: first name and the initial of the last (empty
    without a first name: pages then say "Pembeli" in the reader's language)."""
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if not first:
        return ""
    return f"{first} {last[0]}." if last else first


@transaction.atomic
def review_reply(*, user, review: Review, text: str) -> Review:
    """The lembaga answers a review of its product, once."""
    require(
        Access(user).may_manage_seller_id(review.seller_id),
        _("Hanya lembaga penjual yang dapat membalas ulasan ini."),
    )
    text = (text or "").strip()
    if not text:
        raise error("text", _("Balasan tidak boleh kosong."), Code.REQUIRED)
    if len(text) > settings.REVIEW_COMMENT_MAX_CHARS:
        raise error(
            "text",
            _("Balasan paling panjang %(n)s karakter.") % {"n": settings.REVIEW_COMMENT_MAX_CHARS},
            Code.COMMENT_TOO_LONG,
        )
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.replied_at is not None:
        raise error("text", _("Lembaga sudah membalas ulasan ini."), Code.ALREADY_REPLIED)
    review.reply = text
    review.replied_at = timezone.now()
    review.replied_by = user
    review.save(update_fields=["reply", "replied_at", "replied_by"])
    ReviewEvent.objects.create(review=review, type=ReviewEventType.REPLIED, actor=user)
    return review


@transaction.atomic
def review_hide(*, user, review: Review, reason: str) -> Review:
    """Programme staff take a review out of public view, with the reason (audited);
    its rating leaves the product's and the lembaga's counters."""
    require(Access(user).may_moderate_reviews(), _("Hanya staf yang dapat menyembunyikan ulasan."))
    reason = (reason or "").strip()
    if not reason:
        raise error("reason", _("Tuliskan alasan menyembunyikan ulasan."), Code.REQUIRED)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_hidden:
        raise error(None, _("Ulasan ini sudah disembunyikan."), Code.ALREADY_HIDDEN)
    review.is_hidden = True
    review.hidden_reason = reason[:255]
    review.hidden_at = timezone.now()
    review.hidden_by = user
    review.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    counters_move(
        product_id=review.product_id, seller_id=review.seller_id, count=-1, rating=-review.rating
    )
    ReviewEvent.objects.create(
        review=review, type=ReviewEventType.HIDDEN, actor=user, note=reason[:255]
    )
    product_index_later([review.product_id])
    return review


# ------------------------------------------------------------------ invoices

INVOICEABLE = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.COMPLETED,
    Order.Status.REFUNDED,
)


def seller_code(seller: Seller) -> str:
    """The lembaga's short code in document numbers: its kabupaten and its id, e.g. 5307-0012."""
    return f"{seller.regency_code.replace('.', '')}-{seller.pk:04d}"


@transaction.atomic
def invoice_issue(*, user, order: Order) -> Invoice:
    """The order's invoice (online) or receipt (outlet sale), numbered the first time.

    Numbers run per lembaga, kind and year without gaps: the counter row is
    locked (SELECT FOR UPDATE) and the invoice written in the same transaction,
    so a failed issue gives its number back. Asked again, the same invoice.
    """
    require(Access(user).may_see_order(order), _("Anda tidak boleh melihat faktur pesanan ini."))
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing
    order = Order.objects.select_for_update().select_related("seller").get(pk=order.pk)
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing
    if order.status not in INVOICEABLE or not order.paid_at:
        raise error(None, _("Faktur tersedia setelah pesanan dibayar."), Code.NOT_INVOICEABLE)
    kind = InvoiceKind.RECEIPT if order.channel == Order.Channel.OFFLINE else InvoiceKind.INVOICE
    year = timezone.localtime(order.paid_at).year
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(seller=order.seller, kind=kind, year=year)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(
        seller=order.seller, kind=kind, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return Invoice.objects.create(
        order=order,
        seller=order.seller,
        kind=kind,
        year=year,
        sequence=counter.last,
        number=f"{kind}/{seller_code(order.seller)}/{year}/{counter.last:06d}",
    )
