import pytest

from catalog.models import StockLocation
from orders.outlets import services
from orders.outlets.models import Terms
from shop.roles import Role
from tests.lembaga_fixtures import food, make_seller, pengurus, seller, zone  # noqa: F401
from tests.lembaga_fixtures import make_product as make_product


@pytest.fixture
def disperindag(make_user):
    return make_user(Role.OUTLET_OFFICER, email="gerai@disperindag.ntt.go.id")


@pytest.fixture
def make_outlet(db):
    def make(name="NTT Mart Kupang", regency="53.71"):
        return StockLocation.objects.create(
            name=name,
            kind=StockLocation.Kind.NTT_MART,
            channel=StockLocation.Channel.NTT_MART,
            regency_id=regency,
            address="Jl. El Tari No. 1",
            sells_online=False,
        )

    return make


@pytest.fixture
def outlet(make_outlet):
    return make_outlet()


@pytest.fixture
def carried(disperindag, outlet, make_product):
    """Three SKUs of one lembaga carried by the outlet: two on consignment, one outright."""
    variants = [make_product(price=p).variants.get() for p in (25_000, 40_000, 10_000)]
    services.outlet_assortment_add(
        user=disperindag,
        location=outlet,
        skus=[v.sku for v in variants[:2]],
        terms=Terms.CONSIGNMENT,
        margin_percent=20,
    )
    services.outlet_assortment_add(
        user=disperindag,
        location=outlet,
        skus=[variants[2].sku],
        terms=Terms.OUTRIGHT,
        margin_percent=30,
    )
    return variants


@pytest.fixture
def pos_token(disperindag, outlet):
    return services.api_token_create(user=disperindag, location=outlet, name="Kasir 1").token
