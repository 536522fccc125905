"""Order events are an enum the database enforces, and each has its buyer e-mail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from orders.emails import SUBJECTS
from orders.models import OrderEvent, OrderEventType
from orders.services.checkout import (
    AddressInput,
    LineInput,
    checkout_create,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_place

from .conftest import KUPANG_VILLAGE


def test_database_refuses_an_event_type_outside_the_enum(world):
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=world.tenun.pk, quantity=1)],
        email="maria@contoh.id",
        address=AddressInput(
            name="Maria Goreti",
            phone="081234567890",
            street="Jl. El Tari No. 5",
            village_code=KUPANG_VILLAGE,
            postal_code="85228",
        ),
    )
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.sikka.pk, method_id=world.sikka_ship["courier"].pk
    )
    [order] = checkout_place(
        checkout=checkout, gateway="BANK_TRANSFER", expected_total=None, actor=AnonymousUser()
    )
    assert list(order.events.values_list("type", flat=True)) == [OrderEventType.PLACED]
    with pytest.raises(IntegrityError):
        OrderEvent.objects.create(order=order, type="PLACED_AGAIN")


def test_every_event_type_has_a_buyer_email_subject():
    assert set(SUBJECTS) == set(OrderEventType)


def test_event_label_is_the_histories_text():
    assert OrderEvent(type=OrderEventType.EXPIRED).type_label == "Dibatalkan karena tidak dibayar"
