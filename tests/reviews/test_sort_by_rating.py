"""Sort by rating: best average first, unrated last (GraphQL RATING and /produk/?urut=ulasan)."""

import pytest

from orders.reviews.services import review_create
from tests.factories import ProductVariantFactory, SellerFactory
from tests.trust import completed_order

pytestmark = pytest.mark.django_db


def rated(seller, name, ratings):
    variant = ProductVariantFactory(product__seller=seller, product__name=name)
    for rating in ratings:
        order = completed_order(variants=[variant])
        review_create(user=order.user, order=order, product=variant.product, rating=rating)
    return variant.product


@pytest.fixture
def catalogue():
    seller = SellerFactory()
    rated(seller, "Madu hutan", [3])
    rated(seller, "Kopi Bajawa", [5, 4])  # 4.5
    rated(seller, "Tenun Sikka", [5])
    rated(seller, "Garam Kupang", [])
    from catalog.search.database import index_products

    index_products(list(seller.products.values_list("pk", flat=True)))
    return seller


def test_graphql_sorts_by_rating_best_first_and_unrated_last(gql, catalogue):
    data = gql(
        """{ products(first: 10, sortBy: {field: RATING, direction: DESC}) {
               edges { node { name rating { average count } } } } }"""
    )["data"]["products"]["edges"]
    assert [(e["node"]["name"], e["node"]["rating"]["average"]) for e in data] == [
        ("Tenun Sikka", 5.0),
        ("Kopi Bajawa", 4.5),
        ("Madu hutan", 3.0),
        ("Garam Kupang", None),
    ]


def test_graphql_sort_by_rating_with_words(gql, catalogue):
    data = gql(
        """{ products(first: 10, filter: {search: "kopi madu"}, sortBy: {field: RATING, direction: DESC}) {
               edges { node { name } } } }"""
    )["data"]["products"]["edges"]
    assert [e["node"]["name"] for e in data] == ["Kopi Bajawa", "Madu hutan"]


def test_product_list_page_sorts_by_rating(client, catalogue):
    page = client.get("/produk/?urut=ulasan").content.decode()
    names = ("Tenun Sikka", "Kopi Bajawa", "Madu hutan", "Garam Kupang")
    positions = [page.index(f'<span class="product-card__name">{name}</span>') for name in names]
    assert positions == sorted(positions)
    assert "Penilaian tertinggi" in page
