"""What the catalog adds to a seller's public page (``catalog/seller_public.html``)."""

import datetime

import pytest
from django.template import Context, Template

from catalog.models import Category

pytestmark = pytest.mark.django_db


def test_seller_page_tags_list_public_products_and_valid_seller_certificates(
    make_product, approve, seller
):
    tenun = Category.objects.get(slug="tenun-ikat")
    make_product(category=tenun, published=True, name="Sarung Nita")
    make_product(category=tenun, name="Draf selendang")
    approve(seller=seller, type="NIB", number="9120001234567")
    approve(
        seller=seller, type="HKI_MEREK", number="IDM000912345", expires_at=datetime.date(2020, 1, 1)
    )
    html = Template(
        "{% load catalog_tags %}{% seller_products seller as ps %}"
        "{% for p in ps %}[{{ p.name }}]{% endfor %}"
        "{% seller_valid_certificates seller as cs %}{% for c in cs %}({{ c.number }}){% endfor %}"
    ).render(Context({"seller": seller}))
    assert html == "[Sarung Nita](9120001234567)"


def test_catalog_seller_public_template_fills_the_products_block(
    settings, tmp_path, make_product, seller
):
    from django.template.loader import render_to_string

    # A stand-in for sellers/public.html: only the block the catalog fills.
    (tmp_path / "sellers").mkdir()
    (tmp_path / "sellers" / "public.html").write_text(
        "<main>{% block seller_products %}{% endblock %}</main>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    make_product(
        category=Category.objects.get(slug="tenun-ikat"), published=True, name="Sarung Nita"
    )
    html = render_to_string("catalog/seller_public.html", {"seller": seller})
    assert "Sarung Nita" in html
    assert 'href="/produk/' in html
