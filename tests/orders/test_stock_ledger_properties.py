"""Property test of the stock ledger (issue #10, "keep finding them").

Hypothesis drives any interleaving of the real services: reserve (a checkout opens its
payment), complete (the checkout becomes orders), pay, cancel, refund, a manual stock
count, and the expiry sweeps (reservations and unpaid orders). After every step each
stock row must equal the sum of its ledger, never go negative, hold no more reserved
units than it has, and hold exactly what live reservations say.
"""

import contextlib
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from catalog.models import Stock, StockMovement
from catalog.services import stock_set
from orders.models import Order, StockReservation
from orders.services.checkout import (
    LineInput,
    checkout_create,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_complete
from orders.services.orders import (
    order_cancel,
    order_confirm_payment,
    order_refund,
    orders_expire_unpaid,
)
from orders.services.payments import checkout_payment_create
from orders.services.reservations import reservations_release_expired
from sellers.models import SellerMember
from shop.roles import Role
from tests.shopping import KUPANG_ADDRESS, make_seller, make_shipping, make_variant

pytestmark = pytest.mark.django_db

# A refused step (not enough stock, wrong status, expired reservation...) is a normal
# outcome: it must leave the ledger as consistent as a successful one.
REFUSED = (ValidationError, PermissionDenied)

GATEWAYS = st.sampled_from(["DUMMY", "BANK_TRANSFER", "COD"])


def stock_ledger_machine(make_user):
    class StockLedger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # Every example in its own savepoint, rolled back by teardown().
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.seller = make_seller()
            self.variants = [make_variant(self.seller, stock=0, price=p) for p in (50_000, 80_000)]
            self.courier = make_shipping(self.seller)["courier"]
            self.member = make_user(Role.SELLER_MEMBER)
            SellerMember.objects.create(
                seller=self.seller, user=self.member, role=SellerMember.Role.PENGURUS
            )
            for variant in self.variants:
                stock_set(user=self.member, variant=variant, quantity=8)
            self.checkouts = []
            self.orders = []
            self.clock = timezone.now()

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        @rule(
            quantities=st.lists(st.integers(1, 4), min_size=1, max_size=2, unique=False),
            gateway=GATEWAYS,
        )
        def reserve(self, quantities, gateway):
            lines = [
                LineInput(variant_id=v.pk, quantity=q)
                for v, q in zip(self.variants, quantities, strict=False)
            ]
            try:
                checkout = checkout_create(
                    user=AnonymousUser(),
                    lines=lines,
                    email="maria@contoh.id",
                    address=KUPANG_ADDRESS,
                )
                checkout_shipping_method_set(
                    checkout=checkout, seller_id=self.seller.pk, method_id=self.courier.pk
                )
                checkout_payment_create(checkout=checkout, gateway=gateway)
            except REFUSED:
                return
            self.checkouts.append(checkout)

        @precondition(lambda self: self.checkouts)
        @rule(i=st.integers(0, 100), gateway=GATEWAYS)
        def reserve_again(self, i, gateway):
            # The buyer goes back and pays another way (or the same way twice).
            checkout = self.checkouts[i % len(self.checkouts)]
            with contextlib.suppress(REFUSED):
                checkout_payment_create(checkout=checkout, gateway=gateway)

        @precondition(lambda self: self.checkouts)
        @rule(i=st.integers(0, 100))
        def complete(self, i):
            checkout = self.checkouts[i % len(self.checkouts)]
            with contextlib.suppress(REFUSED):
                self.orders.extend(checkout_complete(checkout=checkout))

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 100))
        def pay(self, i):
            order = Order.objects.get(pk=self.orders[i % len(self.orders)].pk)
            with contextlib.suppress(REFUSED):
                order_confirm_payment(order=order, actor=self.member)

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 100))
        def cancel(self, i):
            order = Order.objects.get(pk=self.orders[i % len(self.orders)].pk)
            with contextlib.suppress(REFUSED):
                order_cancel(order=order, actor=self.member)

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 100), part=st.booleans())
        def refund(self, i, part):
            order = Order.objects.get(pk=self.orders[i % len(self.orders)].pk)
            amount = None
            if part:
                amount = max(1, (order.total - order.refunded_amount) // 2)
            with contextlib.suppress(REFUSED):
                order_refund(order=order, actor=self.member, amount=amount)

        @rule(v=st.integers(0, 1), quantity=st.one_of(st.integers(4, 12), st.integers(-1, 3)))
        def count(self, v, quantity):
            with contextlib.suppress(REFUSED):
                stock_set(user=self.member, variant=self.variants[v], quantity=quantity)

        @rule(minutes=st.integers(1, 60 * 72))
        def time_passes(self, minutes):
            self.clock += timedelta(minutes=minutes)
            reservations_release_expired(now=self.clock)
            orders_expire_unpaid(now=self.clock)

        @invariant()
        def statuses_seen(self):
            for order in Order.objects.filter(pk__in=[o.pk for o in self.orders]):
                event(f"order {order.status}")

        @invariant()
        def stock_equals_its_ledger_and_is_never_negative(self):
            for stock in Stock.objects.filter(variant__in=self.variants):
                ledger = (
                    StockMovement.objects.filter(stock=stock).aggregate(s=Sum("delta"))["s"] or 0
                )
                held = (
                    StockReservation.objects.filter(
                        stock=stock, checkout__completed_at__isnull=True
                    ).aggregate(s=Sum("quantity"))["s"]
                    or 0
                )
                assert stock.quantity == ledger, (stock.quantity, ledger)
                assert stock.quantity >= 0
                assert 0 <= stock.quantity_reserved <= stock.quantity
                assert stock.quantity_reserved == held, (stock.quantity_reserved, held)

    return StockLedger


def test_any_interleaving_keeps_stock_equal_to_the_ledger(make_user):
    machine = stock_ledger_machine(make_user)
    machine.TestCase.settings = settings(
        # A longer hunt: LEDGER_EXAMPLES=500 pytest tests/orders/test_stock_ledger_properties.py
        max_examples=int(os.environ.get("LEDGER_EXAMPLES", "20")),
        stateful_step_count=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    machine.TestCase().runTest()
