"""The wishlist over GraphQL: wishlistAdd / wishlistRemove and me { wishlist }."""

import pytest
from graphql_relay import to_global_id

from catalog.models import WishlistItem

pytestmark = pytest.mark.django_db

ADD = """mutation($p: ID!) { wishlistAdd(product: $p) {
  wishlist { name } errors { field code message } } }"""
REMOVE = """mutation($p: ID!) { wishlistRemove(product: $p) {
  wishlist { name } errors { field code } } }"""
ME = "{ me { wishlist { name } } }"


def _gid(product) -> str:
    return to_global_id("Product", product.pk)


def test_a_buyer_saves_a_product_once_and_removes_it(gql, make_user, make_product):
    kain, kopi = (
        make_product(published=True, name=name) for name in ("Kain tenun Sikka", "Kopi Bajawa")
    )
    gql.login(make_user())
    assert gql(ADD, {"p": _gid(kain)})["data"]["wishlistAdd"] == {
        "wishlist": [{"name": "Kain tenun Sikka"}],
        "errors": [],
    }
    gql(ADD, {"p": _gid(kopi)})
    again = gql(ADD, {"p": _gid(kain)})["data"]["wishlistAdd"]  # saved twice: one entry
    assert [p["name"] for p in again["wishlist"]] == ["Kopi Bajawa", "Kain tenun Sikka"]
    assert WishlistItem.objects.count() == 2
    assert gql(ME)["data"]["me"]["wishlist"] == again["wishlist"]
    removed = gql(REMOVE, {"p": _gid(kopi)})["data"]["wishlistRemove"]
    assert removed == {"wishlist": [{"name": "Kain tenun Sikka"}], "errors": []}


def test_a_hidden_or_unknown_product_is_not_found(gql, make_user, make_product):
    draft = make_product(published=False)
    gql.login(make_user())
    for product_id in (_gid(draft), to_global_id("Product", 999_999), to_global_id("Seller", 1)):
        data = gql(ADD, {"p": product_id})["data"]["wishlistAdd"]
        assert [(e["field"], e["code"]) for e in data["errors"]] == [("product", "NOT_FOUND")]
        assert data["wishlist"] is None
    assert WishlistItem.objects.count() == 0


def test_the_wishlist_is_full_at_the_limit(gql, make_user, make_product, settings):
    settings.WISHLIST_LIMIT = 1
    first, second = (make_product(published=True) for _ in range(2))
    gql.login(make_user())
    assert gql(ADD, {"p": _gid(first)})["data"]["wishlistAdd"]["errors"] == []
    full = gql(ADD, {"p": _gid(second)})["data"]["wishlistAdd"]
    assert [e["code"] for e in full["errors"]] == ["INVALID"]
    assert "paling banyak 1 produk" in full["errors"][0]["message"]
    assert WishlistItem.objects.count() == 1


def test_a_guest_may_not_keep_a_wishlist(gql, make_product):
    product = make_product(published=True)
    for query in (ADD, REMOVE):
        data = next(iter(gql(query, {"p": _gid(product)})["data"].values()))
        assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert WishlistItem.objects.count() == 0
