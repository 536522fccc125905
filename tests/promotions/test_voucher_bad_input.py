"""checkoutVoucherApply refuses every bad voucher with its code, and the checkout keeps no
voucher and no discount: unknown, expired, paused, not begun, used up, applied twice,
covering nothing in the cart."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Checkout
from promotions.models import Voucher
from tests.graphql import gid
from tests.shopping import checkout_ready

from .factories import make_campaign

APPLY = """mutation($t: String!, $c: String!) { checkoutVoucherApply(token: $t, code: $c) {
  checkout { voucherCode discountTotal { amount } } errors { field code message } } }"""


def _voucher(world, code="TENUNNTT", products=None, **fields) -> Voucher:
    campaign_fields = {k: fields.pop(k) for k in ("is_paused", "started") if k in fields}
    campaign = make_campaign(
        products=products or [world.tenun.product],
        discount_type="FIXED",
        value=20_000,
        voucher_only=True,
        **campaign_fields,
    )
    return Voucher.objects.create(campaign=campaign, code=code, **fields)


def _refused(gql, token, code) -> list[dict]:
    result = gql(APPLY, {"t": token, "c": code})["data"]["checkoutVoucherApply"]
    checkout = Checkout.objects.get(token=token)
    assert checkout.voucher_code in ("", None)  # nothing half-applied
    return [(e["field"], e["code"]) for e in result["errors"]]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"valid_until": timezone.now() - timedelta(seconds=1)}, "VOUCHER_EXPIRED"),
        ({"is_paused": True}, "VOUCHER_NOT_ACTIVE"),
        ({"started": False}, "VOUCHER_NOT_ACTIVE"),
        ({"valid_from": timezone.now() + timedelta(hours=1)}, "VOUCHER_NOT_ACTIVE"),
        ({"usage_limit": 1, "uses": 1}, "VOUCHER_USED_UP"),
    ],
)
def test_bad_voucher_is_refused_with_its_code(gql, world, fields, code):
    _voucher(world, **fields)
    token = checkout_ready(gql, world)
    assert _refused(gql, token, "tenunntt") == [("code", code)]


def test_unknown_voucher(gql, world):
    _voucher(world)
    token = checkout_ready(gql, world)
    assert _refused(gql, token, "TENUNNTX") == [("code", "VOUCHER_NOT_FOUND")]


def test_voucher_covering_nothing_in_the_cart(gql, world):
    _voucher(world, products=[world.kopi.product])
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 1}])
    assert _refused(gql, token, "TENUNNTT") == [("code", "VOUCHER_NOT_APPLICABLE")]


def test_voucher_one_use_left_is_accepted_then_applied_twice_is_refused(gql, world):
    _voucher(world, usage_limit=1, uses=0)
    token = checkout_ready(gql, world)
    ok = gql(APPLY, {"t": token, "c": "TENUNNTT"})["data"]["checkoutVoucherApply"]
    assert ok["errors"] == []
    assert ok["checkout"] == {"voucherCode": "TENUNNTT", "discountTotal": {"amount": 20_000}}
    again = gql(APPLY, {"t": token, "c": "tenunntt"})["data"]["checkoutVoucherApply"]
    assert [e["code"] for e in again["errors"]] == ["VOUCHER_ALREADY_APPLIED"]
    assert again["checkout"] is None or again["checkout"]["voucherCode"] == "TENUNNTT"


def test_refusal_in_english(gql, world):
    _voucher(world, valid_until=timezone.now() - timedelta(seconds=1))
    token = checkout_ready(gql, world)
    gql.language = "en"
    result = gql(APPLY, {"t": token, "c": "TENUNNTT"})["data"]["checkoutVoucherApply"]
    [error] = result["errors"]
    assert error["code"] == "VOUCHER_EXPIRED"
    assert "expired" in error["message"].lower()
