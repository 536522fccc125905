import pytest

from catalog import demo
from catalog.models import Product, ProductMedia, StockMovement
from catalog.selectors import products_visible

pytestmark = pytest.mark.django_db


def test_demo_products_go_to_active_sellers_and_are_idempotent(make_seller):
    make_seller(village="53.09.06.2004", name="BUMDes Kopi Bajawa")
    make_seller(village="53.02.12.2004", name="Koperasi Madu Mutis")
    first = demo.seed()
    assert sorted(p.slug for p in first) == [
        "kopi-arabika-flores-bajawa-sangrai",
        "madu-hutan-mutis",
    ]
    demo.seed()
    assert Product.objects.count() == 2
    assert ProductMedia.objects.count() == 2
    assert products_visible().count() == 2
    # 3 variants, each with one ledgered opening balance
    assert sorted(StockMovement.objects.values_list("delta", flat=True)) == [25, 25, 25]


def test_demo_products_meet_their_category_rules(make_seller):
    from catalog.legality import product_missing_requirements
    from catalog.services import product_certificates

    make_seller(village="53.09.06.2004")
    for product in demo.seed():
        assert (
            product_missing_requirements(product, certificates=product_certificates(product)) == []
        )
