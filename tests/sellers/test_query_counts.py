"""``sellers`` with village, zone (and its villages) and products costs the same queries
at 1 and 50 sellers."""

import pytest

from tests.factories import ProductFactory, SellerFactory, ZoneFactory
from tests.graphql import queries_and_data

pytestmark = pytest.mark.django_db

SELLERS = """query($first: Int) { sellers(first: $first) { totalCount edges { node {
  id name regency { name }
  village { code name district { name regency { code name } } }
  zone { name regency { name } productionVillages { name } bufferVillages { name } }
  products(first: 3) { totalCount pageInfo { hasNextPage } edges { node {
    name seller { name } variants { sku } category { name }
  } } }
} } } }"""


def _queries(gql, first: int) -> tuple[int, list]:
    count, data = queries_and_data(gql, SELLERS, {"first": first})
    return count, data["sellers"]["edges"]


def test_sellers_cost_the_same_queries_for_one_or_fifty(gql):
    # Every seller has the same shape (a zone, products), so the first row alone asks
    # for every kind of nested row the fifty do.
    zones = [
        ZoneFactory(production_villages=["53.07.01.2001"], buffer_villages=["53.07.01.2003"]),
        ZoneFactory(production_villages=["53.07.04.2001"]),
    ]
    for i in range(50):
        seller = SellerFactory(zone=zones[i % 2])
        ProductFactory.create_batch(4, seller=seller)
    gql(SELLERS, {"first": 1})  # warms the per-process caches

    one, edges = _queries(gql, 1)
    assert len(edges) == 1
    fifty, edges = _queries(gql, 50)
    assert len(edges) == 50
    products = [e["node"]["products"] for e in edges]
    assert all(p["totalCount"] == 4 and len(p["edges"]) == 3 for p in products)
    assert all(p["pageInfo"]["hasNextPage"] for p in products)
    assert sum(1 for e in edges if e["node"]["zone"]["bufferVillages"]) == 25
    assert one == fifty


def test_a_sellers_products_page_is_its_own_by_name(gql):
    first, second = SellerFactory(name="A Lembaga"), SellerFactory(name="B Lembaga")
    for name in ("Kopi", "Anyaman", "Madu"):
        ProductFactory(seller=first, name=name)
    ProductFactory(seller=second, name="Tenun")
    ProductFactory(seller=second, name="Draf", is_published=False)

    edges = _queries(gql, 2)[1]
    names = [[p["node"]["name"] for p in e["node"]["products"]["edges"]] for e in edges]
    assert names == [["Anyaman", "Kopi", "Madu"], ["Tenun"]]
    assert [e["node"]["products"]["totalCount"] for e in edges] == [3, 1]
