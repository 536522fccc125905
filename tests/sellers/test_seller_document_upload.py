import pytest

from sellers.models import SellerDocument

from .conftest import PDF_BYTES, gid, gql_upload, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

DOCUMENT_UPLOAD = """
mutation($seller: ID!, $kind: SellerDocumentKind!, $file: Upload!) {
  sellerDocumentUpload(seller: $seller, kind: $kind, file: $file) {
    document { kind contentType url }
    errors { field code message }
  }
}
"""


def _upload(client, user, seller, name, content, kind="AD_ART", language="id"):
    from shop.tokens import token_issue

    token = token_issue(user=user, kind="access")
    return gql_upload(
        client,
        token,
        DOCUMENT_UPLOAD,
        {"seller": gid("Seller", seller.pk), "kind": kind, "file": None},
        {"file": upload(name, content, "application/octet-stream")},
        language=language,
    )["data"]["sellerDocumentUpload"]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("ad-art.pdf", PDF_BYTES, "application/pdf"),
        ("scan.bin", jpeg_bytes(), "image/jpeg"),  # judged by content, not by name
        ("foto.pdf", png_bytes(), "image/png"),
    ],
)
def test_seller_document_upload_stores_a_pdf_or_image_by_its_content(
    client, pengurus, make_seller, name, content, content_type
):
    seller = make_seller(user=pengurus)
    data = _upload(client, pengurus, seller, name, content)
    assert data["errors"] == []
    assert data["document"]["kind"] == "AD_ART"
    assert data["document"]["contentType"] == content_type
    document = SellerDocument.objects.get()
    assert document.file.read() == content
    assert document.uploaded_by == pengurus
    assert data["document"]["url"].endswith(f"/portal/lembaga/{seller.slug}/dokumen/{document.pk}/")


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 not a document",
        b"<html><script>alert(1)</script></html>",
        b"GIF89a\x01\x00\x01\x00",
        b"\x89PNG\r\n\x1a\n broken png",
    ],
)
def test_seller_document_upload_refuses_what_is_not_a_pdf_jpeg_or_png(
    client, pengurus, make_seller, content
):
    seller = make_seller(user=pengurus)
    data = _upload(client, pengurus, seller, "dokumen.pdf", content)
    assert data["document"] is None
    assert data["errors"] == [
        {
            "field": "file",
            "code": "INVALID_FILE_TYPE",
            "message": "Berkas harus PDF, JPEG atau PNG.",
        }
    ]
    assert SellerDocument.objects.count() == 0


def test_seller_document_upload_refuses_a_file_over_the_size_limit(
    client, settings, pengurus, make_seller
):
    settings.SELLER_UPLOAD_MAX_BYTES = 1024
    seller = make_seller(user=pengurus)
    data = _upload(client, pengurus, seller, "besar.pdf", PDF_BYTES + b"0" * 1024)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("file", "FILE_TOO_LARGE")]
    assert SellerDocument.objects.count() == 0


def test_seller_document_upload_is_refused_to_a_member_of_another_lembaga(
    client, pengurus, make_user, make_seller
):
    seller = make_seller(user=pengurus)
    other = make_user(email="lain@desa.id")
    make_seller(user=other)
    data = _upload(client, other, seller, "ad-art.pdf", PDF_BYTES)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("seller", "NOT_FOUND")]
    assert SellerDocument.objects.count() == 0


def test_seller_document_upload_is_refused_to_staff_members(
    client, pengurus, make_user, make_seller
):
    from sellers.models import SellerMember

    seller = make_seller(user=pengurus)
    staff = make_user(email="staf@desa.id")
    SellerMember.objects.create(seller=seller, user=staff, role="STAFF")
    data = _upload(client, staff, seller, "ad-art.pdf", PDF_BYTES)
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert SellerDocument.objects.count() == 0


def test_seller_document_is_downloaded_only_by_members_and_reviewers(
    client, pengurus, officer, make_user, make_seller
):
    seller = make_seller(user=pengurus)
    from sellers import services

    document = services.seller_document_upload(
        user=pengurus, seller=seller, kind="AD_ART", file=upload("a.pdf", PDF_BYTES)
    )
    url = f"/portal/lembaga/{seller.slug}/dokumen/{document.pk}/"
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(make_user(email="asing@desa.id"))
    assert client.get(url).status_code == 404
    for user in (pengurus, officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
