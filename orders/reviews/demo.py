"""Demo reviews of the demo buyers' completed orders, some answered by the lembaga.

Deterministic (a seeded generator over the orders by number) and idempotent: when
any review exists it does nothing. Each review is dated a day or two after its
order was completed, within the review window; the rating counters move with the
same F() update the service uses.
"""

import datetime
import random

from django.db import transaction

from catalog.search import product_index_later
from orders.models import Order, OrderEvent, OrderEventType

from .models import Review, ReviewEvent, ReviewEventType
from .services import author_name, counters_move

SEED = 17
# Star weights 1..5: most buyers of village products are pleased, a few are not.
WEIGHTS = (2, 3, 10, 30, 55)
COMMENTS = {
    5: [
        "Barangnya bagus sekali, sesuai foto. Terima kasih!",
        "Kualitas mantap, pengiriman cepat dan rapi.",
        "Tenunannya halus dan warnanya indah. Akan beli lagi.",
        "Rasanya enak, khas NTT. Keluarga suka.",
    ],
    4: [
        "Bagus, hanya pengemasan bisa lebih kuat.",
        "Sesuai deskripsi, pengiriman agak lama.",
        "Produk baik, harga sepadan.",
    ],
    3: ["Lumayan, tapi ukurannya sedikit berbeda dari foto.", "Cukup, pengiriman lama."],
    2: ["Kemasan rusak saat tiba, isinya masih aman."],
    1: ["Barang tidak sesuai pesanan."],
}
REPLIES = [
    "Terima kasih atas ulasannya, Kak! Salam dari desa.",
    "Terima kasih, masukan Anda kami perhatikan untuk pengiriman berikutnya.",
    "Mohon maaf atas kekurangannya, kami akan perbaiki kemasan kami.",
]
SHARE_REVIEWED = 0.6
SHARE_REPLIED = 0.4


def seed() -> int:
    """Write reviews for about 60% of the products of completed demo orders; answer how many."""
    if Review.objects.exists():
        return 0
    rng = random.Random(SEED)
    completed = dict(
        OrderEvent.objects.filter(
            type=OrderEventType.COMPLETED, order__status=Order.Status.COMPLETED
        ).values_list("order_id", "created_at")
    )
    orders = (
        Order.objects.filter(pk__in=completed, user__isnull=False)
        .select_related("user", "seller")
        .prefetch_related("lines__variant", "seller__members__user")
        .order_by("number")
    )
    written = 0
    touched: set[int] = set()
    with transaction.atomic():
        for order in orders:
            products = []
            for line in order.lines.all():
                if line.variant is not None and line.variant.product_id not in products:
                    products.append(line.variant.product_id)
            for product_id in products:
                if rng.random() >= SHARE_REVIEWED:
                    continue
                rating = rng.choices(range(1, 6), weights=WEIGHTS)[0]
                at = completed[order.pk] + datetime.timedelta(hours=rng.randint(2, 60))
                review = Review.objects.create(
                    order=order,
                    product_id=product_id,
                    seller_id=order.seller_id,
                    user=order.user,
                    author_name=author_name(order.user),
                    rating=rating,
                    comment=rng.choice(COMMENTS[rating]) if rng.random() < 0.85 else "",
                )
                counters_move(
                    product_id=product_id, seller_id=order.seller_id, count=1, rating=rating
                )
                ReviewEvent.objects.create(
                    review=review, type=ReviewEventType.CREATED, actor=order.user, note=str(rating)
                )
                update = {"created_at": at}
                member = next(iter(order.seller.members.all()), None)
                if member is not None and rng.random() < SHARE_REPLIED:
                    update.update(
                        reply=rng.choice(REPLIES),
                        replied_at=at + datetime.timedelta(hours=rng.randint(3, 30)),
                        replied_by=member.user,
                    )
                Review.objects.filter(pk=review.pk).update(**update)
                written += 1
                touched.add(product_id)
        product_index_later(sorted(touched))
    return written
