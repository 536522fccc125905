import pytest

from catalog.models import Category, Product, ProductVariant, Stock
from catalog.services import stock_location_ensure_for_seller
from sellers.models import Seller


@pytest.fixture
def tenun():
    """A published tenun of an active seller, with stock (needs a db or transactional_db)."""
    seller = Seller.objects.create(
        name="BUMDes Sikka Tenun",
        slug="bumdes-sikka-tenun",
        kind=Seller.Kind.BUMDES,
        status=Seller.Status.ACTIVE,
        village_id="53.07.01.2001",
        nib="9120000099999",
        phone="+6281234567890",
        email="sikka@contoh.id",
    )
    product = Product.objects.create(
        seller=seller,
        category=Category.objects.get(slug="tenun-ikat"),
        name="Tenun Ikat Sikka",
        slug="tenun-ikat-sikka",
        origin_village_id=seller.village_id,
        is_published=True,
    )
    variant = ProductVariant.objects.create(
        product=product, sku="TENUN-1", name="Selendang", price=350_000
    )
    Stock.objects.create(
        variant=variant, location=stock_location_ensure_for_seller(seller=seller), quantity=5
    )
    return product
