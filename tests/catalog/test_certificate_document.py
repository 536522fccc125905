"""Certificate scans are private: stored under the store's names, served only to those allowed."""

import importlib
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.models import Certificate
from sellers.models import OfficerRegency, PendampingAssignment, SellerMember
from shop.roles import Role
from shop.tokens import token_issue
from tests.files import image_upload
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CertificateCreateInput!) {
  certificateCreate(input: $input) { certificate { id documentUrl } errors { field code message } }
}
"""
ATTACK = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def _create_with_scan(client, user, product, upload) -> dict:
    operations = {
        "query": CREATE,
        "variables": {
            "input": {
                "product": gid_of("Product", product.pk),
                "type": "HALAL",
                "number": "ID53110000123450623",
                "document": None,
            }
        },
    }
    response = client.post(
        "/graphql/",
        {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.document"]}),
            "0": upload,
        },
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user, kind='access')}",
    )
    assert response.status_code == 200, response.content
    return response.json()["data"]["certificateCreate"]


def _url(cert: Certificate) -> str:
    return f"/portal/produk/sertifikat/{cert.pk}/dokumen/"


def test_an_html_file_posing_as_a_pdf_is_stored_privately_as_pdf_and_served_as_an_attachment(
    client, settings, pengurus, make_product
):
    payload = _create_with_scan(
        client, pengurus, make_product(), SimpleUploadedFile("c.html", ATTACK, "text/html")
    )
    assert payload["errors"] == []
    cert = Certificate.objects.get()
    name = cert.document.name
    assert name.startswith("certificates/halal/")
    assert name.endswith(".pdf")
    assert "html" not in name
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == ATTACK
    assert not (settings.MEDIA_ROOT / name).exists()
    assert payload["certificate"]["documentUrl"] == f"http://testserver{_url(cert)}"

    client.force_login(pengurus)
    response = client.get(_url(cert))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="halal-{cert.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == ATTACK
    assert client.get(f"/media/{name}").status_code == 404


def test_a_scan_is_named_by_its_content_not_its_name(client, pengurus, make_product):
    _create_with_scan(client, pengurus, make_product(), image_upload("PNG", name="scan.pdf"))
    cert = Certificate.objects.get()
    assert cert.document.name.endswith(".png")
    client.force_login(pengurus)
    response = client.get(_url(cert))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="halal-{cert.pk}.png"'


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (image_upload("WEBP"), "Dokumen harus berupa PDF, JPEG atau PNG."),
        (image_upload("GIF"), "Dokumen harus berupa PDF, JPEG atau PNG."),
        (
            SimpleUploadedFile("c.html", b"<html><script>alert(1)</script>", "text/html"),
            "Dokumen harus berupa PDF, JPEG atau PNG.",
        ),
    ],
)
def test_a_scan_that_is_not_pdf_jpeg_or_png_is_refused_with_a_coded_error(
    client, pengurus, make_product, upload, message
):
    payload = _create_with_scan(client, pengurus, make_product(), upload)
    assert payload["errors"] == [{"field": "document", "code": "INVALID", "message": message}]
    assert Certificate.objects.count() == 0


def test_a_scan_at_the_size_limit_is_kept_and_one_byte_more_refused(
    client, settings, pengurus, make_product
):
    settings.CATALOG_DOCUMENT_MAX_BYTES = 2048
    product = make_product()
    exact = b"%PDF-1.4\n" + b"0" * (2048 - 9)
    ok = _create_with_scan(client, pengurus, product, SimpleUploadedFile("a.pdf", exact))
    assert ok["errors"] == []
    over = _create_with_scan(client, pengurus, product, SimpleUploadedFile("b.pdf", exact + b"0"))
    assert [(e["field"], e["code"]) for e in over["errors"]] == [("document", "FILE_TOO_LARGE")]


@pytest.fixture
def cert_with_scan(make_product):
    cert = Certificate.objects.create(
        product=make_product(), type="HALAL", number="ID53110000123450623"
    )
    cert.document.save("0123456789abcdef.pdf", ContentFile(b"%PDF-1.4 halal"), save=True)
    return cert


@pytest.fixture
def viewers(make_user, seller, make_seller, pengurus, officer):
    """One user per role around the certificate's lembaga (Kab. Sikka, 53.07)."""
    staff = make_user(Role.SELLER_MEMBER, email="staf@contoh.id")
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    pendamping = make_user(Role.PENDAMPING, email="pendamping@contoh.id")
    PendampingAssignment.objects.create(seller=seller, user=pendamping)
    sikka = make_user(Role.KABUPATEN_OFFICER, email="sikka@contoh.id")
    OfficerRegency.objects.create(user=sikka, regency_id="53.07")
    kupang = make_user(Role.KABUPATEN_OFFICER, email="kupang@contoh.id")
    OfficerRegency.objects.create(user=kupang, regency_id="53.01")
    other = make_user(Role.SELLER_MEMBER, email="lain@contoh.id")
    SellerMember.objects.create(seller=make_seller(), user=other, role=SellerMember.Role.PENGURUS)
    return {
        "pengurus": pengurus,
        "staff": staff,
        "pendamping": pendamping,
        "programme_officer": officer,
        "sikka_officer": sikka,
        "kupang_officer": kupang,
        "other_lembaga": other,
        "consumer": make_user(email="pembeli@contoh.id"),
        "campaign_staff": make_user(Role.CAMPAIGN_STAFF, email="kampanye@contoh.id"),
    }


ALLOWED = {"pengurus", "staff", "pendamping", "programme_officer", "sikka_officer"}
REFUSED = {"kupang_officer", "other_lembaga", "consumer", "campaign_staff"}


@pytest.mark.parametrize("role", sorted(ALLOWED | REFUSED))
def test_a_scan_is_served_only_to_the_lembaga_its_pendamping_and_its_reviewers(
    client, cert_with_scan, viewers, role
):
    client.force_login(viewers[role])
    response = client.get(_url(cert_with_scan))
    assert response.status_code == (200 if role in ALLOWED else 404)


def test_an_anonymous_visitor_gets_404_even_for_an_approved_certificate(client, cert_with_scan):
    Certificate.objects.filter(pk=cert_with_scan.pk).update(status=Certificate.Status.APPROVED)
    assert client.get(_url(cert_with_scan)).status_code == 404


def test_an_api_client_downloads_with_its_bearer_token(cert_with_scan, pengurus, make_user):
    api = Client()
    token = token_issue(user=pengurus, kind="access")
    response = api.get(_url(cert_with_scan), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 halal"
    stranger = token_issue(user=make_user(email="asing@contoh.id"), kind="access")
    assert api.get(_url(cert_with_scan), HTTP_AUTHORIZATION=f"Bearer {stranger}").status_code == 404
    assert api.get(_url(cert_with_scan), HTTP_AUTHORIZATION="Bearer rusak").status_code == 404


@pytest.mark.parametrize("role", sorted(ALLOWED | REFUSED))
def test_the_graphql_document_url_is_given_exactly_to_those_the_view_serves(
    gql, cert_with_scan, viewers, role
):
    # Approved on a published product: everyone sees the certificate, not everyone its scan.
    Certificate.objects.filter(pk=cert_with_scan.pk).update(status=Certificate.Status.APPROVED)
    type(cert_with_scan.product).objects.filter(pk=cert_with_scan.product_id).update(
        is_published=True
    )
    gql.login(viewers[role])
    data = gql(
        "query($id: ID!) { node(id: $id) { ... on Certificate { documentUrl } } }",
        {"id": gid_of("Certificate", cert_with_scan.pk)},
    )["data"]["node"]
    url = f"http://testserver{_url(cert_with_scan)}"
    assert data == {"documentUrl": url if role in ALLOWED else None}


def test_the_review_page_links_to_the_private_view(client, cert_with_scan, officer):
    client.force_login(officer)
    page = client.get("/portal/produk/sertifikat/tinjau/").content.decode()
    assert f'href="{_url(cert_with_scan)}"' in page
    assert "/media/" not in page


def test_the_migration_moves_public_scans_to_private_storage_under_new_names(
    settings, make_product
):
    public = storages["default"]
    old_name = public.save("certificates/halal/ab12-c.html", ContentFile(ATTACK))
    lost = Certificate.objects.create(
        product=make_product(), type="PIRT", number="2015307010001-30", document="gone.pdf"
    )
    cert = Certificate.objects.create(
        product=make_product(), type="HALAL", number="ID53110000123450623", document=old_name
    )
    migration = importlib.import_module("catalog.migrations.0006_private_documents")
    from django.apps import apps

    migration.move_to_private_storage(apps, None)
    cert.refresh_from_db()
    assert cert.document.name.startswith("certificates/halal/")
    assert cert.document.name.endswith(".pdf")
    assert (settings.PRIVATE_MEDIA_ROOT / cert.document.name).read_bytes() == ATTACK
    assert not public.exists(old_name)
    lost.refresh_from_db()
    assert lost.document.name == "gone.pdf"
