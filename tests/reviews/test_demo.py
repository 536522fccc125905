"""The demo's reviews: deterministic, within the window, counters equal to the reviews."""

import pytest
from django.db.models import Count, Sum

from catalog.models import Product
from orders.reviews import demo
from orders.reviews.models import Review
from orders.reviews.selectors import order_completed_at, review_window
from tests.factories import ProductVariantFactory, SellerFactory, SellerMemberFactory
from tests.trust import ago, completed_order

pytestmark = pytest.mark.django_db


def test_demo_reviews_are_exact_and_idempotent():
    seller = SellerFactory()
    SellerMemberFactory(seller=seller)
    variants = [ProductVariantFactory(product__seller=seller) for _ in range(3)]
    orders = [
        completed_order(variants=variants, completed_at=ago(days=d)) for d in range(40, 10, -3)
    ]

    written = demo.seed()

    assert written == Review.objects.count() > 0
    assert demo.seed() == 0
    for review in Review.objects.select_related("order"):
        completed = order_completed_at(order=review.order)
        assert completed < review.created_at <= completed + review_window()
        assert 1 <= review.rating <= 5
    for product in Product.objects.filter(pk__in=[v.product_id for v in variants]):
        totals = Review.objects.filter(product=product).aggregate(n=Count("pk"), s=Sum("rating"))
        assert (product.rating_count, product.rating_sum) == (totals["n"], totals["s"] or 0)
    seller.refresh_from_db()
    assert (seller.rating_count, seller.rating_sum) == (
        Review.objects.count(),
        Review.objects.aggregate(s=Sum("rating"))["s"],
    )
    assert Review.objects.exclude(reply="").exists()
    assert len(orders) == 10
