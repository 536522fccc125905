"""Who may run each seller operation: one row per (actor, operation).

Lembaga A (Sikka) is the target; "member_b" belongs to lembaga B only.
Denied writes answer PERMISSION_DENIED (or NOT_FOUND when the actor may not
even see lembaga A) and change nothing.
"""

import json

import pytest

from sellers.models import (
    OfficerRegency,
    PendampingAssignment,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerInvitation,
    SellerMember,
)
from shop.roles import Role
from shop.tokens import token_issue
from tests.files import PDF_BYTES, upload
from tests.graphql import gid_of, gql_upload
from tests.regions import ALL_YES, FATUMNASI

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "consumer",
    "member_b",
    "staff_a",
    "pengurus_a",
    "pendamping_a",
    "pendamping_b",
    "programme_officer",
    "sikka_officer",
    "tts_officer",
)


@pytest.fixture
def actors(make_user, make_seller, officer, zone_sikka, zone_tts):
    pengurus_a = make_user(email="a@desa.id")
    member_b = make_user(email="b@desa.id")
    seller_a = make_seller(user=pengurus_a, zone=zone_sikka)
    seller_b = make_seller(user=member_b, village=FATUMNASI, zone=zone_tts)
    staff_a = make_user(email="staf-a@desa.id")
    SellerMember.objects.create(seller=seller_a, user=staff_a, role="STAFF")
    pendamping_a = make_user(Role.PENDAMPING, email="pd-a@ovop.id")
    PendampingAssignment.objects.create(seller=seller_a, user=pendamping_a)
    pendamping_b = make_user(Role.PENDAMPING, email="pd-b@ovop.id")
    PendampingAssignment.objects.create(seller=seller_b, user=pendamping_b)
    sikka_officer = make_user(Role.KABUPATEN_OFFICER, email="sikka@ntt.go.id")
    OfficerRegency.objects.create(user=sikka_officer, regency_id="53.07")
    tts_officer = make_user(Role.KABUPATEN_OFFICER, email="tts@ntt.go.id")
    OfficerRegency.objects.create(user=tts_officer, regency_id="53.02")
    users = {
        "anonymous": None,
        "consumer": make_user(Role.CONSUMER),
        "member_b": member_b,
        "staff_a": staff_a,
        "pengurus_a": pengurus_a,
        "pendamping_a": pendamping_a,
        "pendamping_b": pendamping_b,
        "programme_officer": officer,
        "sikka_officer": sikka_officer,
        "tts_officer": tts_officer,
    }
    return users, seller_a


def _as(gql, user):
    if user is None:
        gql.logout()
    else:
        gql.login(user)


def _codes(payload):
    return [e["code"] for e in payload["errors"]]


# Expected answer per actor for a lembaga A in DRAFT: "ok" or an error code.
MANAGE = {
    "anonymous": "PERMISSION_DENIED",
    "consumer": "NOT_FOUND",
    "member_b": "NOT_FOUND",
    "staff_a": "PERMISSION_DENIED",
    "pengurus_a": "ok",
    "pendamping_a": "ok",
    "pendamping_b": "NOT_FOUND",
    "programme_officer": "PERMISSION_DENIED",
    "sikka_officer": "PERMISSION_DENIED",
    "tts_officer": "NOT_FOUND",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_update_per_role(gql, actors, actor):
    users, seller = actors
    _as(gql, users[actor])
    data = gql(
        'mutation($id: ID!) { sellerUpdate(id: $id, input: {story: "diubah"}) '
        "{ errors { code } } }",
        {"id": gid_of("Seller", seller.pk)},
    )["data"]["sellerUpdate"]
    expected = MANAGE[actor]
    assert _codes(data) == ([] if expected == "ok" else [expected])
    assert (Seller.objects.get(pk=seller.pk).story == "diubah") is (expected == "ok")


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_document_upload_per_role(client, actors, actor):
    users, seller = actors
    token = token_issue(user=users[actor], kind="access") if users[actor] else None
    query = (
        "mutation($s: ID!, $f: Upload!) { sellerDocumentUpload(seller: $s, kind: AD_ART, file: $f)"
        " { errors { code } } }"
    )
    if token is None:
        response = client.post(
            "/graphql/",
            data={
                "operations": json.dumps(
                    {"query": query, "variables": {"s": gid_of("Seller", seller.pk), "f": None}}
                ),
                "map": json.dumps({"0": ["variables.f"]}),
                "0": upload("a.pdf", PDF_BYTES),
            },
        )
        data = response.json()["data"]["sellerDocumentUpload"]
    else:
        data = gql_upload(
            client,
            token,
            query,
            {"s": gid_of("Seller", seller.pk), "f": None},
            {"f": upload("a.pdf", PDF_BYTES)},
        )["data"]["sellerDocumentUpload"]
    expected = MANAGE[actor]
    assert _codes(data) == ([] if expected == "ok" else [expected])
    assert SellerDocument.objects.filter(seller=seller).exists() is (expected == "ok")


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_submit_per_role(gql, actors, actor):
    users, seller = actors
    from sellers import services

    for kind in ("AD_ART", "SK"):
        services.seller_document_upload(
            user=users["pengurus_a"], seller=seller, kind=kind, file=upload("a.pdf", PDF_BYTES)
        )
    _as(gql, users[actor])
    data = gql(
        "mutation($id: ID!) { sellerSubmit(id: $id) { errors { code } } }",
        {"id": gid_of("Seller", seller.pk)},
    )["data"]["sellerSubmit"]
    expected = MANAGE[actor]
    assert _codes(data) == ([] if expected == "ok" else [expected])
    assert Seller.objects.get(pk=seller.pk).status == ("SUBMITTED" if expected == "ok" else "DRAFT")


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_member_invite_per_role(gql, actors, actor):
    users, seller = actors
    _as(gql, users[actor])
    data = gql(
        'mutation($s: ID!) { sellerMemberInvite(seller: $s, email: "baru@desa.id", role: STAFF)'
        " { errors { code } } }",
        {"s": gid_of("Seller", seller.pk)},
    )["data"]["sellerMemberInvite"]
    expected = MANAGE[actor]
    assert _codes(data) == ([] if expected == "ok" else [expected])
    assert SellerInvitation.objects.exists() is (expected == "ok")


REVIEW = {
    "anonymous": "PERMISSION_DENIED",
    "consumer": "NOT_FOUND",
    "member_b": "NOT_FOUND",
    "staff_a": "PERMISSION_DENIED",
    "pengurus_a": "PERMISSION_DENIED",
    "pendamping_a": "PERMISSION_DENIED",
    "pendamping_b": "NOT_FOUND",
    "programme_officer": "ok",
    "sikka_officer": "ok",
    "tts_officer": "NOT_FOUND",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_review_per_role(gql, actors, actor):
    users, seller = actors
    from sellers import services

    for kind in ("AD_ART", "SK"):
        services.seller_document_upload(
            user=users["pengurus_a"], seller=seller, kind=kind, file=upload("a.pdf", PDF_BYTES)
        )
    services.seller_submit(user=users["pengurus_a"], seller=seller)
    _as(gql, users[actor])
    data = gql(
        "mutation($id: ID!, $c: LocationChecklistInput) "
        "{ sellerReview(id: $id, decision: APPROVE, checklist: $c) { errors { code } } }",
        {
            "id": gid_of("Seller", seller.pk),
            "c": {
                "followsProgramme": True,
                "hasLocalPotential": True,
                "hasRawMaterial": True,
                "hasExistingProduct": True,
                "isCommitted": True,
                "willCooperate": True,
                "hasMinInfrastructure": True,
            },
        },
    )["data"]["sellerReview"]
    expected = REVIEW[actor]
    assert _codes(data) == ([] if expected == "ok" else [expected])
    status = Seller.objects.get(pk=seller.pk).status
    assert status == ("ACTIVE" if expected == "ok" else "SUBMITTED")


# Who reads lembaga A's private data (it is ACTIVE, so everyone sees its public part).
READ_PRIVATE = {
    "anonymous": False,
    "consumer": False,
    "member_b": False,
    "staff_a": True,
    "pengurus_a": True,
    "pendamping_a": True,
    "pendamping_b": False,
    "programme_officer": True,
    "sikka_officer": True,
    "tts_officer": False,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_seller_private_fields_per_role(gql, actors, actor):
    users, seller = actors
    from sellers import services

    for kind in ("AD_ART", "SK"):
        services.seller_document_upload(
            user=users["pengurus_a"], seller=seller, kind=kind, file=upload("a.pdf", PDF_BYTES)
        )
    services.seller_submit(user=users["pengurus_a"], seller=seller)
    services.seller_review(
        user=users["programme_officer"], seller=seller, decision="APPROVE", checklist=ALL_YES
    )
    _as(gql, users[actor])
    data = gql(
        "query($id: ID!) { seller(id: $id) { name nib bankAccount { accountNumber } "
        "documents { kind } members { email } events { toStatus } } }",
        {"id": gid_of("Seller", seller.pk)},
    )["data"]["seller"]
    assert data["name"] == seller.name
    private = [data[f] for f in ("nib", "bankAccount", "documents", "members", "events")]
    if READ_PRIVATE[actor]:
        assert data["nib"] == seller.nib
        assert len(data["documents"]) == 2
    else:
        assert private == [None] * 5
    assert SellerEvent.objects.filter(seller=seller).count() == 3
