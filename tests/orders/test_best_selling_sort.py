"""'Terlaris': products sorted by units sold in paid orders, kept by a counter."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalog.models import Product
from catalog.search.database import index_products
from orders.outlets.services.offline_orders import offline_orders_cancel
from orders.services.orders import order_cancel, order_confirm_payment
from tests.shopping import make_variant, order_of_sikka

pytestmark = pytest.mark.django_db

QUERY = """
query($sortBy: ProductSortingInput) {
  products(first: 10, sortBy: $sortBy) { edges { node { name } } }
}
"""


def _sold(variant) -> int:
    return Product.objects.get(pk=variant.product_id).units_sold


def test_paid_units_count_unpaid_do_not_and_a_cancel_takes_them_back(world, make_user):
    order = order_of_sikka(world, gateway="BANK_TRANSFER")
    assert _sold(world.tenun) == 0  # placed, not paid
    order_confirm_payment(order=order, actor=world.sikka_member)
    assert _sold(world.tenun) == 1
    order.refresh_from_db()
    order_cancel(order=order, actor=world.sikka_member)
    assert _sold(world.tenun) == 0
    assert _sold(world.kopi) == 0


def test_an_order_paid_at_once_counts(world):
    order_of_sikka(world, gateway="DUMMY")
    assert _sold(world.tenun) == 1


def test_the_list_and_the_api_put_the_best_sellers_first(client, gql, world):
    little = make_variant(world.sikka, name="Selendang kecil", price=90_000)
    Product.objects.filter(pk=world.kopi.product_id).update(units_sold=40)
    Product.objects.filter(pk=little.product_id).update(units_sold=7)
    index_products(list(Product.objects.values_list("pk", flat=True)))
    html = client.get("/produk/?urut=terlaris").content.decode()
    assert 'value="terlaris" selected' in html or 'value="terlaris"' in html
    positions = [html.index(n) for n in ("Kopi arabika", "Selendang kecil", "Sarung tenun")]
    assert positions == sorted(positions)
    names = [
        e["node"]["name"]
        for e in gql(QUERY, {"sortBy": {"field": "BEST_SELLING", "direction": "DESC"}})["data"][
            "products"
        ]["edges"]
    ]
    assert names == ["Kopi arabika Lamaknen 250 g", "Selendang kecil", "Sarung tenun ikat Sikka"]
    # with words too (the text-search path)
    html = client.get("/produk/?urut=terlaris&q=sikka").content.decode()
    assert "Sarung tenun" in html


def test_the_card_says_how_many_sold(client, world):
    Product.objects.filter(pk=world.kopi.product_id).update(units_sold=12)
    index_products(list(Product.objects.values_list("pk", flat=True)))
    html = client.get("/produk/").content.decode()
    assert "12 terjual" in html


def test_a_voided_offline_receipt_takes_its_units_back(world):
    order = order_of_sikka(world, gateway="DUMMY")
    assert _sold(world.tenun) == 1
    offline_orders_cancel(orders=[order], actor=AnonymousUser())
    assert _sold(world.tenun) == 0
