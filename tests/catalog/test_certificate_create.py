import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Certificate
from sellers.models import SellerMember
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CertificateCreateInput!) {
  certificateCreate(input: $input) {
    certificate { id type number status expiresAt }
    errors { field code message }
  }
}
"""


def _create(gql, **input):
    return gql(CREATE, {"input": input})["data"]["certificateCreate"]


def test_halal_certificate_without_expiry_is_recorded_pending(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="HALAL",
        number="ID53110000123450623",
        issuer="BPJPH",
        issuedAt="2025-06-01",
        document=None,
    )
    assert data["errors"] == []
    assert data["certificate"]["status"] == "PENDING"
    assert data["certificate"]["expiresAt"] is None
    cert = Certificate.objects.get()
    assert (cert.product_id, cert.issuer, cert.reviewed_by) == (product.pk, "BPJPH", None)


def test_pirt_number_must_carry_the_seller_kabupaten(gql, pengurus, make_product):
    product = make_product()  # seller in Sikka, 53.07
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="PIRT",
        number="2065309010023-28",  # 5309 is Ngada
        issuedAt="2025-01-10",
        expiresAt="2028-01-10",
    )
    assert data["errors"] == [
        {
            "field": "number",
            "code": "REGION_MISMATCH",
            "message": "Digit ke-4 sampai ke-7 nomor P-IRT (5309) harus kode kabupaten "
            "lembaga (5307).",
        }
    ]
    ok = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="PIRT",
        number="2065307010023-28",
        issuedAt="2025-01-10",
        expiresAt="2028-01-10",
    )
    assert ok["errors"] == []
    assert ok["certificate"]["number"] == "2065307010023-28"


@pytest.mark.parametrize(
    ("type", "number", "field", "code"),
    [
        ("PIRT", "20653070100232", "number", "INVALID_FORMAT"),  # 14 digits
        ("BPOM_MD", "MD 12345", "number", "INVALID_FORMAT"),
        ("BPOM_MD", "ML 224131001234", "number", "INVALID_FORMAT"),
        ("HALAL", "53110000123450623", "number", "INVALID_FORMAT"),  # no ID prefix
        ("BPOM_NA", "MD224131001234", "number", "INVALID_FORMAT"),
        ("BPOM_TR", "TR12", "number", "INVALID_FORMAT"),
        ("INDIKASI_GEOGRAFIS", "IG 14", "number", "INVALID_FORMAT"),
        ("HALAL", "", "number", "REQUIRED"),
    ],
)
def test_wrong_number_format_is_a_field_error(
    gql, pengurus, make_product, type, number, field, code
):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type=type,
        number=number,
        issuedAt="2025-01-10",
        expiresAt="2027-01-10",
    )
    assert [(e["field"], e["code"]) for e in data["errors"]][:1] == [(field, code)]
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize(
    ("type", "number"),
    [
        ("BPOM_MD", "MD 224131001234"),
        ("BPOM_NA", "NA18201200123"),
        ("BPOM_TR", "TR 203 638 411"),
        ("INDIKASI_GEOGRAFIS", "ID G 000 000 014"),
        ("SNI", "1234/LSPRO-BBIA/2025"),
        ("HKI_MEREK", "IDM000912345"),
    ],
)
def test_well_formed_numbers_are_accepted(gql, pengurus, make_product, type, number):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type=type,
        number=number,
        issuedAt="2025-01-10",
        expiresAt="2030-01-10",
    )
    assert data["errors"] == []


def test_expiry_before_issue_is_refused(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="BPOM_MD",
        number="MD224131001234",
        issuedAt="2026-05-01",
        expiresAt="2026-04-30",
    )
    assert data["errors"] == [
        {
            "field": "expiresAt",
            "code": "EXPIRY_BEFORE_ISSUE",
            "message": "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.",
        }
    ]
    assert Certificate.objects.count() == 0


def test_pirt_valid_more_than_five_years_is_refused(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="PIRT",
        number="206530701002332",
        issuedAt="2026-01-10",
        expiresAt="2032-01-09",
    )
    assert {e["code"] for e in data["errors"]} == {"EXPIRY_TOO_LONG"}


def test_pirt_expiry_must_be_in_the_year_its_number_ends_with(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="PIRT",
        number="206530701002328",
        issuedAt="2025-01-10",
        expiresAt="2029-01-10",
    )
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("expiresAt", "INVALID")]


def test_a_pirt_without_a_date_expires_when_its_number_says(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql,
        product=gid_of("Product", product.pk),
        type="PIRT",
        number="2065307 01002328",
        issuedAt="2025-01-10",
    )
    assert data["errors"] == []
    assert data["certificate"]["expiresAt"] == "2028-01-10"
    data = _create(
        gql, product=gid_of("Product", product.pk), type="PIRT", number="206530701002327"
    )
    assert data["certificate"]["expiresAt"] == "2027-12-31"


def test_non_halal_type_without_expiry_is_refused(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _create(
        gql, product=gid_of("Product", product.pk), type="BPOM_MD", number="MD224131001234"
    )
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("expiresAt", "REQUIRED")]


def test_seller_member_records_the_seller_nib_with_a_scan(gql, make_user, seller):
    staff = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    gql.login(staff)
    data = _create(gql, seller=gid_of("Seller", seller.pk), type="NIB", number="9120001234567")
    assert data["errors"] == []
    assert Certificate.objects.get().seller_id == seller.pk


def test_nib_cannot_be_put_on_a_product_and_pirt_not_on_a_seller(
    gql, pengurus, seller, make_product
):
    product = make_product()
    gql.login(pengurus)
    nib = _create(gql, product=gid_of("Product", product.pk), type="NIB", number="9120001234567")
    assert [(e["field"], e["code"]) for e in nib["errors"]] == [("type", "WRONG_OWNER")]
    pirt = _create(
        gql,
        seller=gid_of("Seller", seller.pk),
        type="PIRT",
        number="206530701002328",
        expiresAt="2028-01-01",
    )
    assert [(e["field"], e["code"]) for e in pirt["errors"]] == [("type", "WRONG_OWNER")]


def test_outsider_cannot_add_certificates(gql, make_user, make_product):
    product = make_product()
    gql.login(make_user(Role.SELLER_MEMBER))
    data = _create(
        gql, product=gid_of("Product", product.pk), type="HALAL", number="ID5311000012345"
    )
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"


def test_document_scan_is_stored_through_multipart_upload(client, pengurus, make_product):
    import json

    from shop.tokens import token_issue

    product = make_product()
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
            "0": SimpleUploadedFile("halal.pdf", b"%PDF-1.4 sertifikat", "application/pdf"),
        },
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=pengurus, kind='access')}",
    )
    assert response.json()["data"]["certificateCreate"]["errors"] == []
    cert = Certificate.objects.get()
    assert cert.document.name.startswith("certificates/halal/")
    assert cert.document.read() == b"%PDF-1.4 sertifikat"
    assert cert.expires_at is None
    assert cert.issued_at is None


def test_a_document_that_is_not_a_pdf_or_image_is_refused(pengurus, make_product):
    from django.core.exceptions import ValidationError

    from catalog.services import certificate_create

    product = make_product()
    with pytest.raises(ValidationError) as exc:
        certificate_create(
            user=pengurus,
            product=product,
            type="HALAL",
            number="ID53110000123450623",
            document=SimpleUploadedFile("halal.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        )
    assert exc.value.error_dict["document"][0].code == "INVALID"
    assert Certificate.objects.count() == 0
