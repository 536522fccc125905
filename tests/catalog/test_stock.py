import pytest

from catalog.models import Stock, StockLocation, StockMovement
from catalog.selectors import variant_quantity_available
from sellers.models import Seller
from sellers.signals import seller_status_changed
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

SET = """
mutation($variant: ID!, $quantity: Int!, $note: String) {
  productVariantStockSet(variant: $variant, quantity: $quantity, note: $note) {
    quantity
    variant { sku quantityAvailable isAvailable }
    errors { field code message }
  }
}
"""


def _set(gql, variant, quantity, note="Stok opname"):
    return gql(
        SET, {"variant": gid_of("ProductVariant", variant.pk), "quantity": quantity, "note": note}
    )["data"]["productVariantStockSet"]


def test_setting_stock_writes_the_ledger_and_shows_availability(gql, pengurus, make_product):
    variant = make_product().variants.get()
    gql.login(pengurus)
    data = _set(gql, variant, 12)
    assert data["errors"] == []
    assert data["quantity"] == 12
    assert data["variant"]["quantityAvailable"] == 12
    assert _set(gql, variant, 9, note="Rusak 3")["quantity"] == 9
    moves = list(
        StockMovement.objects.order_by("pk").values_list("delta", "quantity_after", "actor", "note")
    )
    assert moves == [(12, 12, pengurus.pk, "Stok opname"), (-3, 9, pengurus.pk, "Rusak 3")]
    location = Stock.objects.get().location
    assert (location.kind, location.seller_id) == (
        StockLocation.Kind.SELLER,
        variant.product.seller_id,
    )


def test_same_quantity_writes_no_ledger_row(gql, pengurus, make_product):
    variant = make_product().variants.get()
    gql.login(pengurus)
    _set(gql, variant, 5)
    _set(gql, variant, 5)
    assert StockMovement.objects.count() == 1


def test_negative_stock_is_refused(gql, pengurus, make_product):
    variant = make_product().variants.get()
    gql.login(pengurus)
    data = _set(gql, variant, -1)
    assert data["errors"] == [
        {"field": "quantity", "code": "NEGATIVE", "message": "Stok tidak boleh negatif."}
    ]
    assert StockMovement.objects.count() == 0


def test_stock_below_reserved_is_refused_and_availability_subtracts_reservations(
    gql, pengurus, make_product
):
    variant = make_product().variants.get()
    gql.login(pengurus)
    _set(gql, variant, 10)
    Stock.objects.update(quantity_reserved=4)
    assert variant_quantity_available(variant.pk) == 6
    data = _set(gql, variant, 3)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("quantity", "BELOW_RESERVED")]


def test_ntt_mart_stock_does_not_count_online(gql, pengurus, make_product):
    variant = make_product().variants.get()
    outlet = StockLocation.objects.create(name="NTT Mart Kupang", kind=StockLocation.Kind.NTT_MART)
    Stock.objects.create(variant=variant, location=outlet, quantity=50)
    assert variant_quantity_available(variant.pk) == 0


def test_outsider_cannot_set_stock(gql, make_user, make_product):
    variant = make_product().variants.get()
    gql.login(make_user())
    assert _set(gql, variant, 3)["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Stock.objects.count() == 0


def test_seller_becoming_active_gets_its_own_location_once(make_seller):
    seller = make_seller(status=Seller.Status.SUBMITTED)
    seller_status_changed.send(sender=Seller, seller_id=seller.pk, old="DRAFT", new="SUBMITTED")
    assert StockLocation.objects.count() == 0
    for _ in range(2):
        seller_status_changed.send(
            sender=Seller, seller_id=seller.pk, old="SUBMITTED", new="ACTIVE"
        )
    location = StockLocation.objects.get()
    assert (location.kind, location.seller_id, location.regency_id, location.name) == (
        "SELLER",
        seller.pk,
        "53.07",
        seller.name,
    )


def test_stock_locations_query_filters_by_seller_and_kind(gql, make_seller):
    from catalog.services import stock_location_ensure_for_seller

    a, b = make_seller(), make_seller(village="53.09.01.1002")
    stock_location_ensure_for_seller(seller=a)
    stock_location_ensure_for_seller(seller=b)
    StockLocation.objects.create(name="NTT Mart Kupang", kind="NTT_MART", regency_id="53.71")
    query = """query($f: StockLocationFilterInput) { stockLocations(filter: $f) {
        name kind seller { id } regency { code } } }"""
    assert len(gql(query)["data"]["stockLocations"]) == 3
    rows = gql(query, {"f": {"seller": gid_of("Seller", b.pk)}})["data"]["stockLocations"]
    assert rows == [
        {
            "name": b.name,
            "kind": "SELLER",
            "seller": {"id": gid_of("Seller", b.pk)},
            "regency": {"code": "53.09"},
        }
    ]
    rows = gql(query, {"f": {"kind": "NTT_MART"}})["data"]["stockLocations"]
    assert [r["name"] for r in rows] == ["NTT Mart Kupang"]
