"""``products`` with variants, media, certificates, seller and pricing costs the same
queries at 1 and 50 products."""

import pytest

from catalog.search.database import index_products
from tests.factories import (
    CertificateFactory,
    ProductFactory,
    ProductMediaFactory,
    ProductVariantFactory,
    SellerFactory,
    StockFactory,
)
from tests.graphql import queries_and_data

pytestmark = pytest.mark.django_db

PRODUCTS = """query($first: Int) { products(first: $first) { totalCount edges { node {
  id name isAvailable minBuyerAge restrictionNote
  category { name parent { name } requiredCertificates }
  seller { name village { name district { regency { name } } } }
  originVillage { name } bufferVillages { name }
  pricing { priceRange { start { amount } stop { amount } } }
  certificates { type number }
  media { url alt }
  variants { sku price { amount } quantityAvailable isAvailable }
} } } }"""


def _queries(gql, first: int) -> tuple[int, list]:
    count, data = queries_and_data(gql, PRODUCTS, {"first": first})
    return count, data["products"]["edges"]


def test_products_cost_the_same_queries_for_one_or_fifty(gql):
    sellers = SellerFactory.create_batch(5)
    products = []
    for i in range(50):
        product = ProductFactory(seller=sellers[i % 5], buffer_villages=["53.07.01.2003"])
        for price in (25_000, 40_000):
            StockFactory(variant=ProductVariantFactory(product=product, price=price), quantity=i)
        ProductMediaFactory.create_batch(2, product=product)
        CertificateFactory(product=product)
        products.append(product)
    CertificateFactory(product=None, seller=sellers[0])
    index_products([p.pk for p in products])
    gql(PRODUCTS, {"first": 1})  # warms the per-process caches

    one, edges = _queries(gql, 1)
    assert len(edges) == 1
    fifty, edges = _queries(gql, 50)
    assert len(edges) == 50
    nodes = [e["node"] for e in edges]
    assert all(len(n["variants"]) == 2 and len(n["media"]) == 2 for n in nodes)
    assert all(n["pricing"]["priceRange"]["start"]["amount"] == 25_000 for n in nodes)
    assert sorted(len(n["certificates"]) for n in nodes) == [1] * 40 + [2] * 10
    assert sum(n["isAvailable"] for n in nodes) == 49  # the one with 0 units is not
    assert one == fifty
