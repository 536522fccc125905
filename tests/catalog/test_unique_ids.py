"""No two elements share an id on the product pages (issue #16; axe-core flagged the
portal product page): five forms on one page each get their own id prefix."""

import re
from collections import Counter

import pytest

from catalog.models import CertificateType
from tests.factories import (
    CertificateFactory,
    ProductMediaFactory,
    ProductVariantFactory,
    SellerMemberFactory,
)

pytestmark = pytest.mark.django_db


def _duplicates(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(i for i, n in ids.items() if n > 1)


@pytest.fixture
def product():
    variant = ProductVariantFactory()
    ProductVariantFactory(product=variant.product, sku="KEDUA")
    ProductMediaFactory(product=variant.product)
    CertificateFactory(product=variant.product, type=CertificateType.HKI_MEREK)
    return variant.product


def test_the_portal_product_page_has_unique_ids_and_labels_for_each_box(client, product):
    client.force_login(SellerMemberFactory(seller=product.seller).user)
    html = client.get(f"/portal/produk/{product.pk}/").content.decode()

    assert _duplicates(html) == []
    for prefix in ("product_name", "variant_name", "variant_price", "certificate_number"):
        assert f'for="{prefix}"' in html
        assert f'id="{prefix}"' in html
    # An error re-render keeps them unique too.
    html = client.post(
        f"/portal/produk/{product.pk}/", {"action": "variant", "price": "25,5"}
    ).content.decode()
    assert _duplicates(html) == []


def test_the_public_product_page_has_unique_ids(client, product):
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert _duplicates(html) == []
