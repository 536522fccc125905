"""The bank-transfer payment window, pinned (issue 18): the deadline is exactly
ORDER_UNPAID_EXPIRY_HOURS after placing, the same for every order of the checkout; an
order is still payable exactly at its deadline and expires one second past it; paying
closes the window; orders paid another way never get one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Order
from orders.services.orders import orders_expire_unpaid
from tests.graphql import gid
from tests.shopping import checkout_ready, complete, pay, stock_of

pytestmark = pytest.mark.django_db
S = Order.Status


def _place(gql, world, gateway="BANK_TRANSFER"):
    token = checkout_ready(gql, world)
    assert pay(gql, token, gateway)["errors"] == []
    before = timezone.now()
    assert complete(gql, token)["errors"] == []
    return before, timezone.now()


def test_the_deadline_is_48_hours_after_placing_for_every_order_of_the_checkout(gql, world):
    before, after = _place(gql, world)
    deadlines = set(Order.objects.values_list("expires_at", flat=True))
    assert len(deadlines) == 1
    (deadline,) = deadlines
    assert before + timedelta(hours=48) <= deadline <= after + timedelta(hours=48)
    assert set(Order.objects.values_list("status", flat=True)) == {S.UNPAID}


def test_the_window_follows_the_setting(gql, world, settings):
    settings.ORDER_UNPAID_EXPIRY_HOURS = 1
    before, after = _place(gql, world)
    deadline = Order.objects.values_list("expires_at", flat=True).first()
    assert before + timedelta(hours=1) <= deadline <= after + timedelta(hours=1)


def test_exactly_at_the_deadline_the_order_waits_one_second_past_it_expires(gql, world):
    _place(gql, world)
    deadline = Order.objects.values_list("expires_at", flat=True).first()
    assert stock_of(world.tenun).quantity == 9
    assert orders_expire_unpaid(now=deadline - timedelta(hours=47)) == 0
    assert orders_expire_unpaid(now=deadline) == 0
    assert set(Order.objects.values_list("status", flat=True)) == {S.UNPAID}
    assert stock_of(world.tenun).quantity == 9
    assert orders_expire_unpaid(now=deadline + timedelta(seconds=1)) == 2
    assert set(Order.objects.values_list("status", flat=True)) == {S.CANCELLED}
    assert stock_of(world.tenun).quantity == 10
    assert sorted(Order.objects.values_list("events__type", flat=True)) == [
        "EXPIRED",
        "EXPIRED",
        "PLACED",
        "PLACED",
    ]
    assert orders_expire_unpaid(now=deadline + timedelta(days=9)) == 0  # once only


def test_confirming_the_transfer_closes_the_window(gql, world):
    _place(gql, world)
    sikka = Order.objects.get(seller=world.sikka)
    deadline = sikka.expires_at
    gql.login(world.sikka_member)
    data = gql(
        "mutation($id: ID!) { orderConfirmPayment(id: $id) { errors { code } } }",
        {"id": gid(sikka)},
    )["data"]["orderConfirmPayment"]
    assert data["errors"] == []
    sikka.refresh_from_db()
    assert (sikka.status, sikka.expires_at) == (S.PAID, None)
    assert orders_expire_unpaid(now=deadline + timedelta(seconds=1)) == 1  # Belu's only
    sikka.refresh_from_db()
    assert sikka.status == S.PAID
    assert Order.objects.get(seller=world.belu).status == S.CANCELLED


def test_an_order_paid_at_once_has_no_window(gql, world):
    _place(gql, world, gateway="DUMMY")
    assert set(Order.objects.values_list("status", "expires_at")) == {(S.PAID, None)}
    assert orders_expire_unpaid(now=timezone.now() + timedelta(days=365)) == 0
