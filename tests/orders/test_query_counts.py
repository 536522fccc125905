"""``orders`` with lines, events, seller and payment costs the same queries at 1 and 50 orders."""

import pytest

from shop.roles import Role
from tests.factories import OrderFactory, SellerFactory, UserFactory
from tests.graphql import queries_and_data

pytestmark = pytest.mark.django_db

ORDERS = """query($first: Int) { orders(first: $first) { totalCount edges { node {
  id number status channel outlet { name } total { amount } shipVillage { name } shipRegency { name }
  seller { id name village { name district { name regency { name } } } regency { code } }
  payment { gateway status amount { amount } }
  lines { productName sku quantity unitPrice { amount } total { amount } }
  events { type fromStatus toStatus actorEmail note createdAt }
} } } }"""


def _queries(gql, first: int) -> tuple[int, list]:
    count, data = queries_and_data(gql, ORDERS, {"first": first})
    return count, data["orders"]["edges"]


def test_orders_cost_the_same_queries_for_one_or_fifty(gql):
    staff = UserFactory(roles=[Role.PROGRAMME_OFFICER])
    sellers = SellerFactory.create_batch(5)
    for i in range(50):
        OrderFactory(seller=sellers[i % 5], lines=3, events=2)
    gql.login(staff)
    gql(ORDERS, {"first": 1})  # warms the per-process caches (permissions, roles)

    one, edges = _queries(gql, 1)
    assert len(edges) == 1
    assert len(edges[0]["node"]["lines"]) == 3
    fifty, edges = _queries(gql, 50)
    assert len(edges) == 50
    assert all(len(e["node"]["lines"]) == 3 and len(e["node"]["events"]) == 2 for e in edges)
    assert {e["node"]["seller"]["name"] for e in edges} == {s.name for s in sellers}
    assert one == fifty
