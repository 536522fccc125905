import pytest

from tests.files import PDF_BYTES, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_documents_are_listed_by_kind_and_format_not_by_mime_type(
    client, pengurus, officer, make_seller
):
    from sellers import services

    seller = make_seller(user=pengurus)
    services.seller_document_upload(
        user=pengurus, seller=seller, kind="AD_ART", file=upload("ad-art.pdf", PDF_BYTES)
    )
    services.seller_document_upload(
        user=pengurus, seller=seller, kind="SK", file=upload("sk.png", png_bytes(), "image/png")
    )
    client.force_login(pengurus)
    page = client.get(f"/portal/lembaga/{seller.slug}/").content.decode()
    assert 'AD/ART</a> <span class="small">(PDF,' in page
    assert 'SK pendirian</a> <span class="small">(PNG,' in page
    assert "(application/pdf" not in page
    client.force_login(officer)
    page = client.get(f"/tinjau/{seller.slug}/").content.decode()
    assert 'SK pendirian</a> <span class="small">(PNG,' in page
