import pytest

from sellers.models import Seller, SellerEvent
from tests.files import png_bytes, upload
from tests.graphql import gid_of, gql_upload
from tests.regions import FATUMNASI

pytestmark = pytest.mark.django_db

SELLER_UPDATE = """
mutation($id: ID!, $input: SellerUpdateInput!) {
  sellerUpdate(id: $id, input: $input) {
    seller { status name story nib npwp logoUrl bankAccount { bankName accountNumber holderName } }
    errors { field code message }
  }
}
"""


def test_seller_update_changes_a_draft(gql, pengurus, make_seller, zone_sikka):
    seller = make_seller(user=pengurus)
    gql.login(pengurus)
    data = gql(
        SELLER_UPDATE,
        {
            "id": gid_of("Seller", seller.pk),
            "input": {
                "story": "Motif leluhur Nita.",
                "npwp": "01.234.567.8-901.000",
                "zone": gid_of("Zone", zone_sikka.pk),
                "bankAccountNumber": "001-01-12345",
            },
        },
    )["data"]["sellerUpdate"]
    assert data["errors"] == []
    assert data["seller"]["story"] == "Motif leluhur Nita."
    assert data["seller"]["npwp"] == "012345678901000"
    assert data["seller"]["bankAccount"] == {
        "bankName": "Bank NTT",
        "accountNumber": "0010112345",
        "holderName": "Kelompok Tenun",
    }
    seller.refresh_from_db()
    assert seller.zone == zone_sikka


def test_seller_update_with_a_bad_field_keeps_the_draft_as_it_was(gql, pengurus, make_seller):
    seller = make_seller(user=pengurus, name="Kelompok Tenun Lepo")
    gql.login(pengurus)
    data = gql(
        SELLER_UPDATE,
        {
            "id": gid_of("Seller", seller.pk),
            "input": {"name": "Nama Baru", "nib": "123", "villageCode": FATUMNASI + "9"},
        },
    )["data"]["sellerUpdate"]
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("nib", "INVALID"),
        ("villageCode", "NOT_FOUND"),
    }
    seller.refresh_from_db()
    assert seller.name == "Kelompok Tenun Lepo"
    assert seller.nib.startswith("91200012345")


def test_seller_update_moves_a_village_only_with_a_zone_of_the_new_kabupaten(
    gql, pengurus, make_seller, zone_sikka, zone_tts
):
    seller = make_seller(user=pengurus, zone=zone_sikka)
    gql.login(pengurus)
    data = gql(
        SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"villageCode": FATUMNASI}}
    )
    assert [(e["field"], e["code"]) for e in data["data"]["sellerUpdate"]["errors"]] == [
        ("zone", "OUTSIDE_REGENCY")
    ]
    data = gql(
        SELLER_UPDATE,
        {
            "id": gid_of("Seller", seller.pk),
            "input": {"villageCode": FATUMNASI, "zone": gid_of("Zone", zone_tts.pk)},
        },
    )
    assert data["data"]["sellerUpdate"]["errors"] == []


def test_seller_update_of_a_rejected_seller_returns_it_to_draft(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="REJECTED", reviewer=officer)
    gql.login(pengurus)
    data = gql(
        SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": "Diperbaiki."}}
    )
    assert data["data"]["sellerUpdate"]["seller"]["status"] == "DRAFT"
    last = SellerEvent.objects.filter(seller=seller).last()
    assert (last.from_status, last.to_status, last.actor) == ("REJECTED", "DRAFT", pengurus)


def test_seller_update_is_refused_while_submitted(gql, pengurus, make_seller, zone_sikka):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(pengurus)
    data = gql(SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": "x"}})
    assert [(e["field"], e["code"]) for e in data["data"]["sellerUpdate"]["errors"]] == [
        (None, "NOT_EDITABLE")
    ]


def test_seller_update_after_approval_changes_the_profile_but_not_the_identity(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    gql.login(pengurus)
    data = gql(
        SELLER_UPDATE,
        {"id": gid_of("Seller", seller.pk), "input": {"name": "Nama Lain", "nib": "9120001234599"}},
    )["data"]["sellerUpdate"]
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("name", "NOT_EDITABLE"),
        ("nib", "NOT_EDITABLE"),
    }
    data = gql(
        SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": "Cerita baru."}}
    )
    assert data["data"]["sellerUpdate"]["seller"]["story"] == "Cerita baru."
    assert data["data"]["sellerUpdate"]["seller"]["status"] == "ACTIVE"


def test_seller_update_sets_a_logo_checked_by_content(client, pengurus, make_seller):
    from shop.tokens import token_issue

    seller = make_seller(user=pengurus)
    token = token_issue(user=pengurus, kind="access")
    variables = {"id": gid_of("Seller", seller.pk), "input": {"logo": None}}
    bad = gql_upload(
        client, token, SELLER_UPDATE, variables, {"input.logo": upload("logo.png", b"%PDF-1.4")}
    )
    assert [(e["field"], e["code"]) for e in bad["data"]["sellerUpdate"]["errors"]] == [
        ("logo", "INVALID_FILE_TYPE")
    ]
    good = gql_upload(
        client, token, SELLER_UPDATE, variables, {"input.logo": upload("logo", png_bytes())}
    )
    assert good["data"]["sellerUpdate"]["errors"] == []
    assert good["data"]["sellerUpdate"]["seller"]["logoUrl"].startswith(
        f"/media/sellers/{seller.pk}/logo/"
    )
    assert Seller.objects.get().logo.read() == png_bytes()


def test_seller_update_by_the_assigned_pendamping_is_logged_as_pendamping(
    gql, pengurus, officer, make_seller, pendamping_for, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="REJECTED", reviewer=officer)
    pendamping = pendamping_for(seller)
    gql.login(pendamping)
    data = gql(SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": "Dibantu."}})
    assert data["data"]["sellerUpdate"]["errors"] == []
    last = SellerEvent.objects.filter(seller=seller).last()
    assert (last.actor, last.acting_as_pendamping, last.to_status) == (pendamping, True, "DRAFT")


@pytest.mark.parametrize("name", ["Tenun\r\nBcc: semua@contoh.id", "Tenun\nNita", "Tenun\x00"])
def test_seller_update_refuses_a_name_with_a_line_break_or_nul(gql, pengurus, make_seller, name):
    """Issue #10 item 8: a name with CR/LF went into an e-mail subject."""
    seller = make_seller(user=pengurus, name="Kelompok Tenun Nita")
    gql.login(pengurus)
    gql.language = "en"
    data = gql(SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"name": name}})
    errors = data["data"]["sellerUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("name", "INVALID")]
    assert data["data"]["sellerUpdate"]["seller"] is None
    seller.refresh_from_db()
    assert seller.name == "Kelompok Tenun Nita"


def test_seller_update_keeps_line_breaks_in_a_multi_line_story(gql, pengurus, make_seller):
    seller = make_seller(user=pengurus)
    gql.login(pengurus)
    story = "Motif leluhur Nita.\r\nDitenun oleh ibu-ibu desa."
    data = gql(SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": story}})
    assert data["data"]["sellerUpdate"]["errors"] == []
    assert data["data"]["sellerUpdate"]["seller"]["story"] == story
    data = gql(SELLER_UPDATE, {"id": gid_of("Seller", seller.pk), "input": {"story": "a\x00b"}})
    assert [(e["field"], e["code"]) for e in data["data"]["sellerUpdate"]["errors"]] == [
        ("story", "INVALID")
    ]
