"""``seller { products(first) }`` of the contract: the catalog extends the Seller type."""

import pytest

from catalog.search.database import index_products
from tests.graphql import gid
from tests.shopping import make_seller, make_variant

pytestmark = pytest.mark.django_db

QUERY = """
query($slug: String) {
  seller(slug: $slug) {
    name
    products(first: 2) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } }
  }
}
"""


def test_seller_lists_only_its_own_published_products_by_name(gql):
    sikka, other = make_seller("BUMDes Sikka Jaya"), make_seller("Koperasi Lain")
    made = [
        make_variant(sikka, name="Selendang tenun"),
        make_variant(sikka, name="Sarung tenun"),
        make_variant(sikka, name="Kain ikat"),
        make_variant(sikka, name="Draf", published=False),
        make_variant(other, name="Kopi lain"),
    ]
    index_products([v.product_id for v in made])
    data = gql(QUERY, {"slug": sikka.slug})["data"]["seller"]["products"]
    assert data["totalCount"] == 3
    assert [e["node"]["name"] for e in data["edges"]] == ["Kain ikat", "Sarung tenun"]
    assert data["pageInfo"]["hasNextPage"] is True


def test_seller_products_refuses_a_page_over_100(gql):
    seller = make_seller()
    body = gql(
        "query($id: ID) { seller(id: $id) { products(first: 101) { totalCount } } }",
        {"id": gid(seller)},
    )
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_TOO_LARGE"
