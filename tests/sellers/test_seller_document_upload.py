import importlib
import io
import re

import pytest
from PIL import Image

from sellers.models import OfficerRegency, SellerDocument
from shop.roles import Role
from tests.files import PDF_BYTES, jpeg_bytes, png_bytes, upload
from tests.graphql import gid_of, gql_upload

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
        {"seller": gid_of("Seller", seller.pk), "kind": kind, "file": None},
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
    assert document.file.name.endswith(
        {"application/pdf": ".pdf", "image/jpeg": ".jpg"}.get(content_type, ".png")
    )


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


def _stored(pengurus, seller, content=PDF_BYTES):
    from sellers import services

    return services.seller_document_upload(
        user=pengurus, seller=seller, kind="AD_ART", file=upload("a.html", content)
    )


def test_seller_document_is_downloaded_only_by_members_and_reviewers(
    client, pengurus, officer, sikka_officer, pendamping_for, make_user, make_seller
):
    seller = make_seller(user=pengurus)  # in Kab. Sikka
    document = _stored(pengurus, seller)
    url = f"/portal/lembaga/{seller.slug}/dokumen/{document.pk}/"
    assert client.get(url).status_code == 404  # anonymous: nobody learns it exists
    tts_officer = make_user(Role.KABUPATEN_OFFICER, email="tts@ntt.go.id")
    OfficerRegency.objects.create(user=tts_officer, regency_id="53.02")
    for stranger in (make_user(email="asing@desa.id"), tts_officer):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    for user in (pengurus, pendamping_for(seller), officer, sikka_officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{seller.slug}-ad_art-{document.pk}.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_seller_document_is_stored_privately_under_a_name_the_store_makes(
    client, settings, pengurus, make_seller
):
    seller = make_seller(user=pengurus)
    attack = b"%PDF-1.4\n<script>alert(1)</script>"
    data = _upload(client, pengurus, seller, "c.html", attack)
    assert data["errors"] == []
    name = SellerDocument.objects.get().file.name
    assert re.fullmatch(rf"sellers/{seller.pk}/documents/[0-9a-f]{{32}}\.pdf", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == attack
    assert not (settings.MEDIA_ROOT / name).exists()
    assert client.get(f"/media/{name}").status_code == 404


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_seller_document_upload_refuses_a_decompression_bomb_with_a_coded_error(
    client, pengurus, make_seller
):
    seller = make_seller(user=pengurus)
    bomb = _png_header_only(20_000, 20_000)  # 400 megapixels, Pillow itself would raise
    assert len(bomb) < 200_000
    data = _upload(client, pengurus, seller, "bom.png", bomb)
    assert data["document"] is None
    assert data["errors"] == [
        {
            "field": "file",
            "code": "IMAGE_TOO_LARGE",
            "message": "Gambar terlalu besar: paling banyak 40 megapiksel.",
        }
    ]
    assert SellerDocument.objects.count() == 0


def test_seller_document_upload_keeps_an_image_at_the_pixel_limit_and_refuses_one_more(
    client, settings, pengurus, make_seller
):
    settings.SELLER_UPLOAD_MAX_PIXELS = 100
    seller = make_seller(user=pengurus)
    assert _upload(client, pengurus, seller, "a.png", png_bytes((10, 10)))["errors"] == []
    over = _upload(client, pengurus, seller, "b.png", png_bytes((101, 1)))
    assert [(e["field"], e["code"]) for e in over["errors"]] == [("file", "IMAGE_TOO_LARGE")]


def test_the_migration_moves_public_seller_documents_to_private_storage(
    settings, pengurus, make_seller
):
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    seller = make_seller(user=pengurus)
    public = storages["default"]
    name = public.save(f"sellers/{seller.pk}/documents/ad_art-0a1b2c.pdf", ContentFile(PDF_BYTES))
    document = SellerDocument.objects.create(
        seller=seller, kind="AD_ART", file=name, content_type="application/pdf"
    )
    migration = importlib.import_module("sellers.migrations.0005_private_documents")
    migration.move_to_private_storage(apps, None)
    document.refresh_from_db()
    assert document.file.name == name
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PDF_BYTES
    assert not public.exists(name)
