import pytest

from sellers.models import Seller, SellerEvent, SellerMember
from shop.roles import Role
from tests.graphql import gid_of
from tests.regions import NITA

pytestmark = pytest.mark.django_db

SELLER_REGISTER = """
mutation($input: SellerRegisterInput!) {
  sellerRegister(input: $input) {
    seller { id status slug name kind nib phone village { code name } zone { name } }
    errors { field code message }
  }
}
"""

VALID = {
    "name": "Kelompok Tenun Ikat Lepo Nita",
    "kind": "KELOMPOK_USAHA",
    "villageCode": NITA,
    "nib": "9120 0012 34501",
    "phone": "0812-3700-0101",
    "email": "Lepo.Nita@Desa.id",
    "description": "Tenun ikat pewarna alam.",
}


def test_seller_register_creates_a_draft_with_the_user_as_first_pengurus(gql, pengurus):
    gql.login(pengurus)
    data = gql(SELLER_REGISTER, {"input": VALID})["data"]["sellerRegister"]
    assert data["errors"] == []
    seller = Seller.objects.get()
    assert data["seller"] == {
        "id": gid_of("Seller", seller.pk),
        "status": "DRAFT",
        "slug": "kelompok-tenun-ikat-lepo-nita",
        "name": "Kelompok Tenun Ikat Lepo Nita",
        "kind": "KELOMPOK_USAHA",
        "nib": "9120001234501",
        "phone": "+6281237000101",
        "village": {"code": NITA, "name": "Nita"},
        "zone": None,
    }
    assert seller.email == "lepo.nita@desa.id"
    member = SellerMember.objects.get()
    assert (member.user, member.role) == (pengurus, "PENGURUS")
    assert pengurus.groups.filter(name=Role.SELLER_MEMBER).exists()
    event = SellerEvent.objects.get()
    assert (event.actor, event.from_status, event.to_status) == (pengurus, "", "DRAFT")


def test_seller_register_with_a_zone_of_its_kabupaten(gql, pengurus, zone_sikka):
    gql.login(pengurus)
    data = gql(SELLER_REGISTER, {"input": {**VALID, "zone": gid_of("Zone", zone_sikka.pk)}})
    assert data["data"]["sellerRegister"]["seller"]["zone"] == {"name": "Klaster Tenun Ikat Nita"}


def test_seller_register_refuses_a_zone_of_another_kabupaten(gql, pengurus, zone_tts):
    gql.login(pengurus)
    data = gql(SELLER_REGISTER, {"input": {**VALID, "zone": gid_of("Zone", zone_tts.pk)}})
    errors = data["data"]["sellerRegister"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("zone", "OUTSIDE_REGENCY")]
    assert Seller.objects.count() == 0


def test_seller_register_requires_sign_in(gql):
    data = gql(SELLER_REGISTER, {"input": VALID})["data"]["sellerRegister"]
    assert data["seller"] is None
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Seller.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("nib", "12345", "INVALID"),
        ("nib", "91200012345AB", "INVALID"),
        ("nib", "", "REQUIRED"),
        ("villageCode", "53.07.04.9999", "NOT_FOUND"),
        ("villageCode", "51.71.01.1001", "OUTSIDE_NTT"),
        ("phone", "12", "INVALID"),
        ("email", "bukan-email", "INVALID"),
        ("name", "  ", "REQUIRED"),
    ],
)
def test_seller_register_reports_a_bad_field_with_its_code(gql, pengurus, field, value, code):
    gql.login(pengurus)
    data = gql(SELLER_REGISTER, {"input": {**VALID, field: value}})["data"]["sellerRegister"]
    assert data["seller"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert Seller.objects.count() == 0


def test_seller_register_refuses_a_duplicate_nib(gql, pengurus, make_user):
    gql.login(pengurus)
    assert gql(SELLER_REGISTER, {"input": VALID})["data"]["sellerRegister"]["errors"] == []
    gql.login(make_user(email="lain@desa.id"))
    data = gql(SELLER_REGISTER, {"input": {**VALID, "name": "Lembaga Lain"}})
    assert data["data"]["sellerRegister"]["errors"] == [
        {"field": "nib", "code": "UNIQUE", "message": "NIB ini sudah terdaftar untuk lembaga lain."}
    ]
    assert Seller.objects.count() == 1


def test_seller_register_reports_every_bad_field_at_once_in_english(gql, pengurus):
    gql.login(pengurus)
    gql.language = "en"
    data = gql(
        SELLER_REGISTER, {"input": {**VALID, "nib": "1", "npwp": "123", "villageCode": "99"}}
    )["data"]["sellerRegister"]
    by_field = {e["field"]: (e["code"], e["message"]) for e in data["errors"]}
    assert by_field == {
        "nib": ("INVALID", "The NIB must be 13 digits, e.g. 9120001234567."),
        "npwp": ("INVALID", "The NPWP must be 15 or 16 digits."),
        "villageCode": ("OUTSIDE_NTT", "Village 99 is not in Nusa Tenggara Timur."),
    }


def test_seller_register_gives_a_second_lembaga_of_the_same_name_its_own_slug(gql, pengurus):
    gql.login(pengurus)
    gql(SELLER_REGISTER, {"input": VALID})
    data = gql(SELLER_REGISTER, {"input": {**VALID, "nib": "9120001234502"}})
    assert data["data"]["sellerRegister"]["seller"]["slug"] == "kelompok-tenun-ikat-lepo-nita-2"
