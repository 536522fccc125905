"""A chosen file survives a form error (issue #16): the certificate scan or product image
picked with a typo elsewhere is held under a signed token, named on the page, and taken
by the next post; a forged token or a refused file is not."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Certificate, ProductMedia
from shop.held_files import file_hold, file_take
from tests.factories import ProductVariantFactory, SellerMemberFactory
from tests.files import PDF_BYTES, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(client):
    product = ProductVariantFactory().product
    client.force_login(SellerMemberFactory(seller=product.seller).user)
    return product


def _token(html: str, field: str) -> str:
    return re.search(rf'name="{field}__held" value="([^"]+)"', html).group(1)


def test_a_scan_chosen_with_a_wrong_date_is_kept_and_sent_with_the_fix(client, product):
    url = f"/portal/produk/{product.pk}/"
    data = {
        "action": "certificate",
        "type": "PIRT",
        "number": "206530701002328",
        "expires_at": "2027-12-31",  # the number says 2028
    }
    scan = SimpleUploadedFile("pirt-kopi.pdf", PDF_BYTES, "application/pdf")

    page = client.post(url, {**data, "document": scan})

    html = page.content.decode()
    assert page.status_code == 400
    assert "Berkas pirt-kopi.pdf sudah dipilih; tidak perlu memilih lagi" in html
    assert Certificate.objects.count() == 0
    token = _token(html, "document")

    fixed = client.post(url, {**data, "expires_at": "", "document__held": token})

    assert fixed.status_code == 302
    cert = Certificate.objects.get()
    assert cert.document.read() == PDF_BYTES
    assert str(cert.expires_at) == "2028-12-31"


def test_a_forged_token_is_ignored_and_the_image_is_still_asked_for(client, product):
    url = f"/portal/produk/{product.pk}/"
    image = SimpleUploadedFile("tenun.png", png_bytes((64, 64)), "image/png")
    token = file_hold(image)
    assert file_take(token).read() == png_bytes((64, 64))
    assert file_take(token[:-2] + "xx") is None
    assert file_take("") is None

    page = client.post(url, {"action": "media", "alt": "Tenun", "image__held": token[:-2] + "xx"})

    assert page.status_code == 400
    assert "sudah dipilih" not in page.content.decode()
    assert ProductMedia.objects.count() == 0
    client.post(url, {"action": "media", "alt": "Tenun", "image__held": token})
    assert ProductMedia.objects.get().width == 64


def test_a_refused_file_is_not_held(client, product):
    page = client.post(
        f"/portal/produk/{product.pk}/",
        {
            "action": "certificate",
            "type": "PIRT",
            "number": "206530701002328",
            "document": SimpleUploadedFile("c.html", b"<html>", "text/html"),
        },
    )
    assert page.status_code == 400
    assert "document__held" not in page.content.decode()
