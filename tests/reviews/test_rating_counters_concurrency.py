"""Twelve buyers review the same product at once on PostgreSQL: the counters stay exact."""

import threading

import pytest
from django.db import connection

from catalog.models import Product
from orders.reviews.models import Review
from orders.reviews.services import review_create
from sellers.models import Seller
from tests.factories import ProductVariantFactory
from tests.trust import completed_order

BUYERS = 12


def race(jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            try:
                job()
                result = "ok"
            except Exception as exc:
                codes = [e.code for errs in getattr(exc, "error_dict", {}).values() for e in errs]
                result = ",".join(codes) or type(exc).__name__
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reviews_keep_product_and_lembaga_counters_exact():
    assert connection.vendor == "postgresql"
    variant = ProductVariantFactory()
    product = variant.product
    orders = [completed_order(variants=[variant]) for _ in range(BUYERS)]
    ratings = [(i % 5) + 1 for i in range(BUYERS)]

    outcomes = race(
        [
            lambda o=o, r=r: review_create(user=o.user, order=o, product=product, rating=r)
            for o, r in zip(orders, ratings, strict=True)
        ]
    )

    assert outcomes == ["ok"] * BUYERS
    product = Product.objects.get(pk=product.pk)
    seller = Seller.objects.get(pk=product.seller_id)
    assert (product.rating_count, product.rating_sum) == (BUYERS, sum(ratings))
    assert (seller.rating_count, seller.rating_sum) == (BUYERS, sum(ratings))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_review_sent_twice_at_once_is_written_once():
    order = completed_order()
    product = order.lines.get().variant.product

    outcomes = race(
        [
            lambda: review_create(user=order.user, order=order, product=product, rating=5)
            for _ in range(4)
        ]
    )

    assert sorted(outcomes) == ["ALREADY_REVIEWED"] * 3 + ["ok"]
    assert Review.objects.count() == 1
    product.refresh_from_db()
    assert (product.rating_count, product.rating_sum) == (1, 5)
