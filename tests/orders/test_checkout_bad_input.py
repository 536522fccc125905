from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Checkout, Payment, StockReservation
from orders.services.reservations import reservations_release_expired
from tests.graphql import gid
from tests.shopping import (
    ADDRESS,
    checkout_ready,
    complete,
    make_category,
    make_variant,
    pay,
    stock_of,
    stripe_intent_confirm,
)

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token } errors { field code message } } }"""


def create(gql, lines, **extra):
    return gql(CREATE, {"input": {"lines": lines, **extra}})["data"]["checkoutCreate"]


@pytest.mark.parametrize("quantity", [0, -3])
def test_quantity_zero_or_negative_is_refused(gql, world, quantity):
    result = create(gql, [{"variant": gid(world.tenun), "quantity": quantity}])
    assert result["errors"][0]["code"] == "QUANTITY_INVALID"
    assert result["errors"][0]["field"] == "quantity"
    assert Checkout.objects.count() == 0


def test_lines_update_to_zero_is_refused_and_keeps_the_line(gql, world):
    token = checkout_ready(gql, world)
    result = gql(
        """mutation($t: String!, $l: [CheckoutLineInput!]!) { checkoutLinesUpdate(token: $t, lines: $l) {
             errors { code } } }""",
        {"t": token, "l": [{"variant": gid(world.tenun), "quantity": 0}]},
    )["data"]["checkoutLinesUpdate"]
    assert result["errors"] == [{"code": "QUANTITY_INVALID"}]
    assert Checkout.objects.get().lines.get(variant=world.tenun).quantity == 1


def test_unpublished_variant_is_unavailable(gql, world):
    hidden = make_variant(world.sikka, name="Belum terbit", published=False)
    result = create(gql, [{"variant": gid(hidden), "quantity": 1}])
    assert result["errors"][0]["code"] == "VARIANT_UNAVAILABLE"


def test_seller_not_active_makes_variant_unavailable(gql, world):
    world.sikka.status = "SUSPENDED"
    world.sikka.save()
    result = create(gql, [{"variant": gid(world.tenun), "quantity": 1}])
    assert result["errors"][0]["code"] == "VARIANT_UNAVAILABLE"


def test_more_than_in_stock_is_insufficient_stock(gql, world):
    result = create(gql, [{"variant": gid(world.tenun), "quantity": 11}])
    assert result["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert Checkout.objects.count() == 0


def test_product_unpublished_after_adding_cannot_be_paid(gql, world):
    token = checkout_ready(gql, world)
    world.tenun.product.is_published = False
    world.tenun.product.save()
    assert pay(gql, token)["errors"][0]["code"] == "VARIANT_UNAVAILABLE"
    assert stock_of(world.kopi).quantity_reserved == 0


def test_age_restricted_line_needs_the_buyers_confirmation(gql, world):
    sopi = make_variant(
        world.sikka, name="Sopi Sikka", price=120_000, category=make_category("Sopi", 21)
    )
    token = checkout_ready(gql, world, lines=[{"variant": gid(sopi), "quantity": 1}])
    result = pay(gql, token)
    assert result["errors"] == [
        {
            "field": "ageConfirmed",
            "code": "AGE_CONFIRMATION_REQUIRED",
            "message": "Sopi Sikka hanya dijual kepada pembeli berusia 21 tahun ke atas. "
            "Konfirmasikan usia Anda.",
        }
    ]
    gql(
        """mutation($t: String!) { checkoutUpdate(token: $t, input: {ageConfirmed: true}) {
             errors { code } } }""",
        {"t": token},
    )
    assert pay(gql, token)["errors"] == []


def test_age_rule_on_the_parent_category_needs_the_confirmation(gql, world):
    from catalog.models import Category

    minuman = Category.objects.get(slug="minuman")
    child = Category.objects.get(slug="sopi-moke", parent=minuman)
    Category.objects.filter(pk=minuman.pk).update(min_buyer_age=21)
    Category.objects.filter(pk=child.pk).update(min_buyer_age=None)
    moke = make_variant(world.sikka, name="Moke Sikka", price=90_000, category=child)
    token = checkout_ready(gql, world, lines=[{"variant": gid(moke), "quantity": 1}])
    asked = gql(
        """query($t: String!) { checkout(token: $t) { requiresAgeConfirmation } }""", {"t": token}
    )["data"]["checkout"]
    assert asked == {"requiresAgeConfirmation": True}
    result = pay(gql, token)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("ageConfirmed", "AGE_CONFIRMATION_REQUIRED")
    ]
    assert "21 tahun" in result["errors"][0]["message"]
    assert stock_of(moke).quantity_reserved == 0
    gql(
        """mutation($t: String!) { checkoutUpdate(token: $t, input: {ageConfirmed: true}) {
             errors { code } } }""",
        {"t": token},
    )
    assert pay(gql, token)["errors"] == []


def test_missing_shipping_method_is_required(gql, world):
    result = create(
        gql,
        [{"variant": gid(world.tenun), "quantity": 1}],
        email="a@contoh.id",
        shippingAddress=ADDRESS,
    )
    assert pay(gql, result["checkout"]["token"])["errors"][0]["code"] == "SHIPPING_METHOD_REQUIRED"


def test_bad_phone_and_unknown_village_are_field_errors(gql, world):
    address = ADDRESS | {"phone": "12", "villageCode": "53.99.99.9999"}
    result = create(gql, [{"variant": gid(world.tenun), "quantity": 1}], shippingAddress=address)
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("phone", "INVALID"),
        ("villageCode", "NOT_FOUND"),
    }


def test_phone_is_normalised_to_plus_62(gql, world):
    checkout_ready(gql, world)
    assert Checkout.objects.get().ship_phone == "+6281234567890"


def test_expired_reservation_is_released_by_the_task_and_refused_when_stock_is_gone(gql, world):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 10}])
    pay(gql, token, "BANK_TRANSFER")
    assert stock_of(world.tenun).quantity_reserved == 10
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert reservations_release_expired() == 1
    assert stock_of(world.tenun).quantity_reserved == 0
    stock = stock_of(world.tenun)
    stock.quantity = 3
    stock.save()
    result = complete(gql, token)
    assert result["errors"][0]["code"] == "RESERVATION_EXPIRED"
    assert stock_of(world.tenun).quantity == 3


def test_expired_but_still_available_stock_is_taken_again(gql, world):
    token = checkout_ready(gql, world)
    pay(gql, token)
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    reservations_release_expired()
    assert complete(gql, token)["errors"] == []
    assert stock_of(world.tenun).quantity == 9


def test_paid_stripe_checkout_whose_stock_is_gone_is_refunded(gql, world, stripe_on):

    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 10}])
    pay(gql, token, "STRIPE")
    payment = Payment.objects.get()
    stripe_intent_confirm(intent_id=payment.external_id)
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    reservations_release_expired()
    stock = stock_of(world.tenun)
    stock.quantity = 2
    stock.save()
    assert complete(gql, token)["errors"][0]["code"] == "RESERVATION_EXPIRED"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("REFUNDED", payment.amount)
    assert payment.refunds.get().external_id.startswith("re_")


def test_another_users_checkout_token_is_not_found(gql, world, make_user):
    owner, other = make_user(), make_user()
    gql.login(owner)
    token = create(gql, [{"variant": gid(world.tenun), "quantity": 1}])["checkout"]["token"]
    gql.login(other)
    response = gql("query($t: String!) { checkout(token: $t) { token } }", {"t": token})
    assert response["data"]["checkout"] is None
    assert response["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_voucher_apply_answers_voucher_not_found_until_promotions_exist(gql, world):
    token = checkout_ready(gql, world)
    result = gql(
        """mutation($t: String!) { checkoutVoucherApply(token: $t, code: "NTT2026") {
             checkout { total { amount } } errors { field code } } }""",
        {"t": token},
    )["data"]["checkoutVoucherApply"]
    assert result == {"checkout": None, "errors": [{"field": "code", "code": "VOUCHER_NOT_FOUND"}]}


def test_two_lines_of_one_variant_are_one_line_of_their_sum(gql, world):
    """Issue #10 item 7: the second line answered PostgreSQL's duplicate-key text."""
    lines = [
        {"variant": gid(world.tenun), "quantity": 1},
        {"variant": gid(world.tenun), "quantity": 2},
    ]
    result = create(gql, lines)
    assert result["errors"] == []
    checkout = Checkout.objects.get()
    assert [(line.variant_id, line.quantity) for line in checkout.lines.all()] == [
        (world.tenun.pk, 3)
    ]
    added = gql(
        """mutation($t: String!, $l: [CheckoutLineInput!]!) { checkoutLinesAdd(token: $t, lines: $l) {
          errors { field code message } } }""",
        {"t": result["checkout"]["token"], "l": lines},
    )["data"]["checkoutLinesAdd"]
    assert added["errors"] == []
    assert checkout.lines.get().quantity == 6
