import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from catalog.legality import category_min_buyer_age, product_missing_requirements
from catalog.models import (
    Certificate,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)
from catalog.selectors import products_visible
from catalog.services import product_certificates
from orders.models import Checkout, Order, OrderEvent, OrderLine, Payment
from sellers.models import Seller, Zone
from shop.demo import DEMO_PASSWORD
from shop.models import User

pytestmark = pytest.mark.django_db

CSV_KABUPATEN = {
    "53.01",
    "53.02",
    "53.05",
    "53.06",
    "53.07",
    "53.09",
    "53.10",
    "53.14",
    "53.21",
    "53.71",
}


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def world() -> dict:
    """What a seeded database holds that must not depend on the run: ids and dates aside."""
    orders = [
        (
            o.number,
            o.seller.nib,
            o.status,
            o.user.email,
            o.subtotal,
            o.shipping_total,
            o.discount_total,
            o.total,
            o.commission_amount,
            o.seller_payout,
            o.refunded_amount,
            tuple((line.sku, line.quantity, line.unit_price) for line in o.lines.all()),
        )
        for o in Order.objects.order_by("number")
        .select_related("seller", "user")
        .prefetch_related("lines")
    ]
    products = list(
        Product.objects.order_by("slug").values_list(
            "slug", "seller__nib", "category__slug", "is_published"
        )
    )
    variants = list(ProductVariant.objects.order_by("sku").values_list("sku", "price"))
    stock = list(Stock.objects.order_by("variant__sku").values_list("variant__sku", "quantity"))
    return {"orders": orders, "products": products, "variants": variants, "stock": stock}


COUNTED = [
    User,
    Seller,
    Zone,
    Product,
    ProductVariant,
    ProductMedia,
    Certificate,
    Stock,
    StockMovement,
    Checkout,
    Payment,
    Order,
    OrderLine,
    OrderEvent,
]


class Rollback(Exception):
    pass


def seed_and_roll_back() -> dict:
    recorded = {}
    try:
        with transaction.atomic():
            seed()
            recorded.update(world())
            raise Rollback
    except Rollback:
        pass
    return recorded


def test_seed_demo_is_deterministic_and_idempotent():
    first = seed_and_roll_back()  # a first "fresh database"
    assert not Order.objects.exists()
    seed()
    assert world() == first  # same products, order numbers, lines and totals
    counts = {model: model.objects.count() for model in COUNTED}
    emails = sorted(User.objects.values_list("email", flat=True))
    seed()
    assert {model: model.objects.count() for model in COUNTED} == counts  # nothing new
    assert world() == first
    assert sorted(User.objects.values_list("email", flat=True)) == emails
    officer = User.objects.get(email="pmd@ovop.test")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.has_perm("shop.review_sellers")
    assert User.objects.get(email="sari.wijaya@pembeli.ovop.test").check_password(DEMO_PASSWORD)


def test_seed_demo_world_obeys_the_catalog_and_order_rules():
    # One seed for both halves: it takes long on the shared machine.
    before = timezone.now()
    seed()
    assert_catalog_sells_every_fitting_csv_product_legally()
    assert_orders_are_a_consistent_year(before)


def assert_catalog_sells_every_fitting_csv_product_legally():
    # Every kabupaten of ../shared/data/ovop-products.csv has a lembaga.
    assert {s.regency_code for s in Seller.objects.all()} == CSV_KABUPATEN
    assert Product.objects.count() == 22
    assert products_visible().count() == 17
    for product in Product.objects.select_related("seller__zone", "category__parent"):
        seller = product.seller
        assert seller.zone.production_villages.filter(code=seller.village_id).exists()
        assert product.origin_village_id == seller.village_id
        assert set(product.buffer_villages.all()) == set(seller.zone.buffer_villages.all())
        assert product.raw_material
        media = product.media.get()
        assert media.alt.startswith("Foto ")
        assert media.width == 480
        assert set(media.thumbnails) == {"200", "400", "800"}
        for variant in product.variants.all():
            assert variant.price > 0
            assert variant.weight_grams > 0
            assert variant.stocks.get().location.seller_id == seller.pk
            assert variant.stocks.get().location.kind == StockLocation.Kind.SELLER
        for cert in product.certificates.all():
            assert cert.status == "APPROVED"
            assert cert.reviewed_by.email == "pmd@ovop.test"
        publishable = seller.status == "ACTIVE" and not product_missing_requirements(
            product, certificates=product_certificates(product)
        )
        assert product.is_published == publishable, product.slug
        if product.category.slug.startswith("tenun"):
            assert product.technique
            assert product.motif
    drafts = set(Product.objects.filter(is_published=False).values_list("slug", flat=True))
    assert drafts == {
        "kapsul-kelor-io-kufeu",  # BPOM TR missing
        "rumput-laut-kering-tablolong",  # lembaga still a draft
        "rumput-laut-kering-oeseli",  # lembaga rejected
        "abon-ikan-alor",  # lembaga under review
        "ikan-asap-alor-besar",
    }
    babi = Product.objects.get(slug="sei-babi-naikoten")
    assert babi.is_published
    assert babi.is_halal is False
    assert "TIDAK HALAL" in babi.non_halal_statement
    assert not babi.certificates.filter(type="HALAL").exists()
    sopi = Product.objects.select_related("category__parent").get(slug="sopi-manutapen")
    assert sopi.is_published
    assert category_min_buyer_age(sopi.category) == 21
    assert set(Seller.objects.values_list("status", flat=True)) == {
        "ACTIVE",
        "DRAFT",
        "SUBMITTED",
        "REJECTED",
    }
    assert Seller.objects.get(status="REJECTED").rejection_reason


def assert_orders_are_a_consistent_year(before):
    orders = list(Order.objects.prefetch_related("lines", "events").select_related("seller"))
    assert len(orders) == 300
    statuses = dict.fromkeys(Order.Status.values, 0)
    for order in orders:
        statuses[order.status] += 1
    assert statuses["COMPLETED"] > 200
    assert statuses["REFUNDED"] == 1
    assert statuses["UNPAID"] == 0
    for status in ("PAID", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED"):
        assert 0 < statuses[status] < 30, status
    assert len({o.seller_id for o in orders}) == 12
    assert len({o.seller.regency_code for o in orders}) >= 8
    assert len({o.user_id for o in orders}) == 6
    months = {(o.created_at.year, o.created_at.month) for o in orders}
    assert len(months) >= 12
    rate = Decimal(str(settings.PLATFORM_COMMISSION_PERCENT)) / 100
    for order in orders:
        assert before - datetime.timedelta(days=366) < order.created_at < before
        lines = list(order.lines.all())
        assert lines
        assert all(line.total == line.quantity * line.unit_price for line in lines)
        assert order.subtotal == sum(line.total for line in lines)
        assert order.total == order.subtotal + order.shipping_total - order.discount_total
        base = Decimal(order.subtotal - order.discount_total)
        assert order.commission_amount == int((base * rate).quantize(1, rounding=ROUND_HALF_UP))
        assert order.seller_payout == order.total - order.commission_amount
        assert order.number.startswith(f"OVOP-{timezone.localtime(order.created_at).year}-")
        events = list(order.events.all())
        assert events[0].type == "PLACED"
        assert events[0].created_at == order.created_at
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert events[-1].to_status == order.status
        if order.status in ("CANCELLED", "REFUNDED"):
            assert order.refunded_amount == order.total
        else:
            assert order.paid_at
            assert order.refunded_amount == 0
    # The stock ledger explains every stock, which never went below zero.
    for stock in Stock.objects.all():
        movements = list(stock.movements.order_by("pk"))
        assert movements[0].reason == "RECEIVED"
        assert sum(m.delta for m in movements) == stock.quantity >= 0
        assert all(m.quantity_after >= 0 for m in movements)
        assert movements[-1].quantity_after == stock.quantity
        assert stock.quantity_reserved == 0
    sold = StockMovement.objects.filter(reason="SALE").aggregate(n=Sum("delta"))["n"]
    assert -sold == OrderLine.objects.aggregate(n=Sum("quantity"))["n"]
