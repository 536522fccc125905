"""Who may run each outlets operation: one table (actor -> allowed operations), one test per
(actor, operation) generated from it (tests/authz.py has the cast and the rule).

Disperindag's outlet officers open outlets, set their assortment and issue POS tokens;
an outlet's linked operator (``outlet_operator`` runs NTT Mart Kupang) counts its stock,
receives deliveries and records and voids sales; a lembaga's members and pendamping sync
the stock of the lembaga's own location (``stockBulkUpdateLembaga``), never an outlet's.
"""

from datetime import UTC, datetime

import pytest

from catalog.models import Stock, StockLocation
from catalog.services.stock import stock_location_ensure_for_seller
from orders.outlets import services
from orders.outlets.models import (
    ApiToken,
    OfflineReceipt,
    OutletAssortment,
    OutletDelivery,
    OutletOperator,
    Terms,
)
from tests.authz import cast_build, cell_check, cells, operation
from tests.factories import ProductFactory, ProductVariantFactory
from tests.graphql import gid

pytestmark = pytest.mark.django_db

MANAGE = {"stockLocationCreate", "outletAssortmentAdd", "apiTokenCreate", "apiTokenRevoke"}
OPERATE = {"stockBulkUpdate", "offlineSaleRecord", "offlineSaleVoid", "outletDeliveryReceive"}
LEMBAGA = {"stockBulkUpdateLembaga"}

# The table: actor -> the outlets operations it may run.
ALLOWED: dict[str, set[str]] = {
    "staff_a": LEMBAGA,
    "pengurus_a": LEMBAGA,
    "pendamping_a": LEMBAGA,
    "outlet_officer": MANAGE | OPERATE,
    "outlet_operator": OPERATE,
    "superuser": MANAGE | OPERATE | LEMBAGA,
}
SOLD_AT = datetime(2026, 11, 29, 2, 15, tzinfo=UTC)


class Shop:
    """NTT Mart Kupang run by ``outlet_operator``, carrying one variant of lembaga A with 20
    units at home and 10 on the outlet's shelf."""

    def __init__(self, cast):
        self.outlet = StockLocation.objects.create(
            name="NTT Mart Kupang",
            kind=StockLocation.Kind.NTT_MART,
            channel=StockLocation.Channel.NTT_MART,
            regency_id="53.71",
            sells_online=False,
        )
        OutletOperator.objects.create(user=cast.users["outlet_operator"], location=self.outlet)
        product = ProductFactory(seller=cast.seller_a)
        self.variant = ProductVariantFactory(product=product, sku="A-KOPI", price=25_000)
        self.home = stock_location_ensure_for_seller(seller=cast.seller_a)
        Stock.objects.create(variant=self.variant, location=self.home, quantity=20)
        Stock.objects.create(variant=self.variant, location=self.outlet, quantity=10)
        self.admin = cast.users["superuser"]
        services.outlet_assortment_add(
            user=self.admin,
            location=self.outlet,
            skus=["A-KOPI"],
            terms=Terms.CONSIGNMENT,
            margin_percent=20,
        )

    def quantity(self, location) -> int:
        return Stock.objects.get(variant=self.variant, location=location).quantity


def _shop(variables):
    """A setup on a fresh shop: ``variables(shop) -> dict``."""

    def setup(cast):
        shop = Shop(cast)
        return variables(shop), shop

    return setup


def _new_sku(shop):
    ProductVariantFactory(product=shop.variant.product, sku="A-BARU", price=30_000)
    return {"l": gid(shop.outlet)}


def _token(shop):
    shop.token = services.api_token_create(
        user=shop.admin, location=shop.outlet, name="Kasir 1"
    ).api_token
    return {"id": gid(shop.token)}


def _sale(shop):
    line = services.ReceiptLine(sku="A-KOPI", quantity=1, unit_price=25_000)
    services.offline_sale_record(
        actor=shop.admin,
        location=shop.outlet,
        receipt_id="STR-1",
        sold_at=SOLD_AT,
        lines=[line],
        payment_method="CASH",
    )
    return {"l": gid(shop.outlet)}


SALE = {
    "location": None,
    "receiptId": "STR-9",
    "soldAt": SOLD_AT.isoformat(),
    "lines": [{"sku": "A-KOPI", "quantity": 1, "unitPrice": 25_000}],
}
BULK = '($l: ID!) | (location: $l, idempotencyKey: "k-1", lines: [{sku: "A-KOPI", quantity: 4}])'

OPS = {
    "stockLocationCreate": operation(
        "stockLocationCreate",
        '($k: StockLocationKind!) | (input: {name: "NTT Mart Ende", kind: $k, '
        'regencyCode: "53.08"})',
        lambda cast: ({"k": "NTT_MART"}, None),
        lambda _: StockLocation.objects.filter(name="NTT Mart Ende").exists(),
    ),
    "outletAssortmentAdd": operation(
        "outletAssortmentAdd",
        '($l: ID!) | (location: $l, skus: ["A-BARU"], terms: CONSIGNMENT, marginPercent: 20)',
        _shop(_new_sku),
        lambda shop: OutletAssortment.objects.filter(variant__sku="A-BARU").exists(),
    ),
    "apiTokenCreate": operation(
        "apiTokenCreate",
        '($l: ID!) | (location: $l, name: "Kasir 2")',
        _shop(lambda shop: {"l": gid(shop.outlet)}),
        lambda shop: ApiToken.objects.filter(name="Kasir 2").exists(),
    ),
    "apiTokenRevoke": operation(
        "apiTokenRevoke",
        "($id: ID!) | (id: $id)",
        _shop(_token),
        lambda shop: ApiToken.objects.get(pk=shop.token.pk).revoked_at is not None,
    ),
    "stockBulkUpdate": operation(
        "stockBulkUpdate",
        BULK,
        _shop(lambda shop: {"l": gid(shop.outlet)}),
        lambda shop: (shop.quantity(shop.outlet), shop.quantity(shop.home)) == (4, 20),
    ),
    "stockBulkUpdateLembaga": operation(
        "stockBulkUpdate",
        BULK,
        _shop(lambda shop: {"l": gid(shop.home)}),
        lambda shop: (shop.quantity(shop.outlet), shop.quantity(shop.home)) == (10, 4),
    ),
    "offlineSaleRecord": operation(
        "offlineSaleRecord",
        "($i: OfflineSaleRecordInput!) | (input: $i)",
        _shop(lambda shop: {"i": {**SALE, "location": gid(shop.outlet)}}),
        lambda shop: (OfflineReceipt.objects.count(), shop.quantity(shop.outlet)) == (1, 9),
    ),
    "offlineSaleVoid": operation(
        "offlineSaleVoid",
        '($l: ID!) | (location: $l, receiptId: "STR-1")',
        _shop(_sale),
        lambda shop: OfflineReceipt.objects.get().voided_at is not None,
    ),
    "outletDeliveryReceive": operation(
        "outletDeliveryReceive",
        '($l: ID!) | (location: $l, number: "SJ-1", lines: [{sku: "A-KOPI", quantity: 3}])',
        _shop(lambda shop: {"l": gid(shop.outlet)}),
        lambda shop: (OutletDelivery.objects.count(), shop.quantity(shop.outlet)) == (1, 13),
    ),
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_outlets_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, {}, actor, op)


def test_a_pos_token_syncs_its_own_outlet_only(gql):
    """The service client of the table's outlet: its stock yes, another outlet's no."""
    cast = cast_build()
    shop = Shop(cast)
    other = StockLocation.objects.create(
        name="NTT Mart Ende", kind=StockLocation.Kind.NTT_MART, regency_id="53.08"
    )
    Stock.objects.create(variant=shop.variant, location=other, quantity=10)
    gql.token = services.api_token_create(
        user=shop.admin, location=shop.outlet, name="Kasir 1"
    ).token
    query = (
        'mutation($l: ID!) { stockBulkUpdate(location: $l, idempotencyKey: "k-1", '
        'lines: [{sku: "A-KOPI", quantity: 4}]) { errors { code } } }'
    )
    own = gql(query, {"l": gid(shop.outlet)})["data"]["stockBulkUpdate"]
    foreign = gql(query, {"l": gid(other)})["data"]["stockBulkUpdate"]
    home = gql(query, {"l": gid(shop.home)})["data"]["stockBulkUpdate"]
    assert [own["errors"], foreign["errors"], home["errors"]] == [
        [],
        [{"code": "PERMISSION_DENIED"}],
        [{"code": "PERMISSION_DENIED"}],
    ]
    assert [shop.quantity(shop.outlet), shop.quantity(shop.home)] == [4, 20]
    assert Stock.objects.get(location=other).quantity == 10
