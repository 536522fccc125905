"""complaintCreate, complaintRespond, complaintDecide over GraphQL: coded errors in the
request's language, the payload's complaint, and who sees which complaint."""

import pytest

from orders.complaints.models import Complaint
from tests.graphql import gid

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: ComplaintCreateInput!) { complaintCreate(input: $input) {
  complaint { id status amount { amount currency } remedy } errors { field code message } } }"""
RESPOND = """mutation($id: ID!, $r: ComplaintResponse!, $note: String) {
  complaintRespond(id: $id, response: $r, note: $note) {
  complaint { status response responseNote } errors { field code } } }"""
DECIDE = """mutation($id: ID!, $d: ComplaintDecision!, $amount: Int, $returns: [ReturnLineInput!]) {
  complaintDecide(id: $id, decision: $d, amount: $amount, returns: $returns) {
  complaint { status outcome refundAmount { amount } order { status refunded { amount } } }
  errors { field code } } }"""
LIST = "{ complaints(first: 10) { totalCount edges { node { id status } } } }"


def create(gql, order, **extra):
    data = {
        "order": gid(order),
        "reason": "DAMAGED",
        "description": "Kain sobek.",
        "remedy": "PARTIAL_REFUND",
        "amount": 200_000,
    }
    data.update(extra)
    return gql(CREATE, {"input": data})["data"]["complaintCreate"]


def test_the_whole_path_over_graphql(gql, world, order, buyer, staff):
    gql.login(buyer)
    created = create(gql, order)
    assert created["errors"] == []
    assert created["complaint"]["status"] == "OPEN"
    assert created["complaint"]["amount"] == {"amount": 200_000, "currency": "IDR"}
    complaint_id = created["complaint"]["id"]

    gql.login(world.belu_member)
    other = gql(RESPOND, {"id": complaint_id, "r": "ACCEPT"})["data"]["complaintRespond"]
    assert other["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert gql(LIST)["data"]["complaints"]["totalCount"] == 0

    gql.login(world.sikka_member)
    rejected = gql(RESPOND, {"id": complaint_id, "r": "REJECT", "note": "Kain utuh saat dikirim."})
    assert rejected["data"]["complaintRespond"] == {
        "complaint": {
            "status": "ESCALATED",
            "response": "REJECT",
            "responseNote": "Kain utuh saat dikirim.",
        },
        "errors": [],
    }
    denied = gql(DECIDE, {"id": complaint_id, "d": "REFUND"})["data"]["complaintDecide"]
    assert denied["errors"] == [{"field": None, "code": "PERMISSION_DENIED"}]

    gql.login(staff)
    decided = gql(
        DECIDE,
        {
            "id": complaint_id,
            "d": "PARTIAL_REFUND",
            "amount": 150_000,
            "returns": [{"sku": world.tenun.sku, "quantity": 1}],
        },
    )["data"]["complaintDecide"]
    assert decided == {
        "complaint": {
            "status": "RESOLVED",
            "outcome": "PARTIAL_REFUND",
            "refundAmount": {"amount": 150_000},
            "order": {"status": "DELIVERED", "refunded": {"amount": 150_000}},
        },
        "errors": [],
    }
    assert gql(LIST)["data"]["complaints"]["totalCount"] == 1


def test_errors_come_in_english_when_asked(gql, order, buyer):
    gql.login(buyer)
    gql.language = "en"
    result = create(gql, order, amount=order.total + 1)
    assert result["complaint"] is None
    assert result["errors"] == [
        {
            "field": "amount",
            "code": "REFUND_EXCEEDS_PAID",
            "message": f"The amount is more than what was paid and not yet refunded "
            f"(Rp {order.total:,}).".replace(",", "."),
        }
    ]
    assert Complaint.objects.count() == 0


def test_an_unknown_sku_in_returns_is_not_found(gql, world, order, buyer, staff):
    gql.login(buyer)
    complaint_id = create(gql, order)["complaint"]["id"]
    gql.login(world.sikka_member)
    gql(RESPOND, {"id": complaint_id, "r": "REJECT", "note": "x"})
    gql.login(staff)
    result = gql(
        DECIDE, {"id": complaint_id, "d": "REFUND", "returns": [{"sku": "NOPE", "quantity": 1}]}
    )["data"]["complaintDecide"]
    assert result["errors"] == [{"field": "returns", "code": "NOT_FOUND"}]
