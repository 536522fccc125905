"""The visitor's cart and the checkout page's steps, as services (the views only call them)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from orders.models import Checkout, CheckoutDelivery, Order, Payment
from orders.services.checkout import (
    AddressInput,
    LineInput,
    checkout_create,
    checkout_details_save,
    checkout_lines_add_for_visitor,
    checkout_of_visitor,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_place, checkout_submit
from tests.regions import KUPANG_VILLAGE
from tests.shopping import KUPANG_ADDRESS, checkout_of_both

ADDRESS = KUPANG_ADDRESS


def lines_of(checkout: Checkout) -> dict[int, int]:
    return dict(checkout.lines.values_list("variant_id", "quantity"))


def test_guest_cart_is_merged_into_the_users_open_cart_at_sign_in(world, make_user):
    user = make_user(email="maria@contoh.id")
    mine = checkout_create(user=user, lines=[LineInput(variant_id=world.kopi.pk, quantity=1)])
    guest = checkout_create(
        user=AnonymousUser(),
        lines=[
            LineInput(variant_id=world.kopi.pk, quantity=2),
            LineInput(variant_id=world.tenun.pk, quantity=1),
        ],
    )
    cart = checkout_of_visitor(user=user, token=guest.token)
    assert cart.pk == mine.pk
    assert lines_of(cart) == {world.kopi.pk: 3, world.tenun.pk: 1}
    assert not Checkout.objects.filter(pk=guest.pk).exists()


def test_guest_cart_is_adopted_by_a_user_without_a_cart(world, make_user):
    user = make_user(email="maria@contoh.id")
    guest = checkout_create(
        user=AnonymousUser(), lines=[LineInput(variant_id=world.kopi.pk, quantity=2)]
    )
    cart = checkout_of_visitor(user=user, token=guest.token)
    assert (cart.pk, cart.user_id, cart.email) == (guest.pk, user.pk, "maria@contoh.id")


def test_a_token_of_another_users_cart_answers_no_cart(world, make_user):
    owner = make_user(email="owner@contoh.id")
    theirs = checkout_create(user=owner, lines=[LineInput(variant_id=world.kopi.pk, quantity=1)])
    assert checkout_of_visitor(user=AnonymousUser(), token=theirs.token) is None
    assert checkout_of_visitor(user=make_user(), token=theirs.token) is None
    assert lines_of(theirs) == {world.kopi.pk: 1}


def test_adding_to_the_cart_starts_one_then_adds_to_it(world):
    first = checkout_lines_add_for_visitor(
        user=AnonymousUser(), token=None, lines=[LineInput(variant_id=world.kopi.pk, quantity=1)]
    )
    again = checkout_lines_add_for_visitor(
        user=AnonymousUser(),
        token=first.token,
        lines=[LineInput(variant_id=world.kopi.pk, quantity=2)],
    )
    assert again.pk == first.pk
    assert lines_of(again) == {world.kopi.pk: 3}
    assert Checkout.objects.count() == 1


def test_details_save_sets_the_chosen_method_and_keeps_a_sellers_earlier_choice(world):
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[
            LineInput(variant_id=world.tenun.pk, quantity=1),
            LineInput(variant_id=world.kopi.pk, quantity=1),
        ],
    )
    checkout_details_save(
        checkout=checkout,
        email="Maria@Contoh.id",
        address=ADDRESS,
        age_confirmed=False,
        shipping_methods={world.sikka.pk: world.sikka_ship["courier"].pk},
    )
    checkout_details_save(
        checkout=checkout,
        email="maria@contoh.id",
        address=ADDRESS,
        age_confirmed=False,
        shipping_methods={world.belu.pk: world.belu_ship["pickup"].pk},
    )
    checkout.refresh_from_db()
    assert (checkout.email, checkout.ship_village.code) == ("maria@contoh.id", KUPANG_VILLAGE)
    assert dict(CheckoutDelivery.objects.values_list("seller_id", "method_id")) == {
        world.sikka.pk: world.sikka_ship["courier"].pk,
        world.belu.pk: world.belu_ship["pickup"].pk,
    }


def test_placing_by_bank_transfer_answers_one_unpaid_order_per_seller(world):
    checkout = checkout_of_both(world)
    orders = checkout_place(
        checkout=checkout, gateway="BANK_TRANSFER", expected_total=None, actor=AnonymousUser()
    )
    assert sorted((o.seller_id, o.status) for o in orders) == sorted(
        [(world.sikka.pk, Order.Status.UNPAID), (world.belu.pk, Order.Status.UNPAID)]
    )


def test_placing_by_card_opens_the_payment_and_places_nothing_yet(world, stripe_on):
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=world.tenun.pk, quantity=1)],
        email="maria@contoh.id",
        address=ADDRESS,
    )
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.sikka.pk, method_id=world.sikka_ship["courier"].pk
    )
    assert (
        checkout_place(
            checkout=checkout, gateway="STRIPE", expected_total=None, actor=AnonymousUser()
        )
        == []
    )
    payment = Payment.objects.get(checkout=checkout)
    assert (payment.gateway, payment.status) == (Payment.Gateway.STRIPE, Payment.Status.PENDING)
    assert payment.external_id.startswith("pi_")
    assert Order.objects.count() == 0


def test_submitting_without_place_saves_the_details_and_places_nothing(world):
    checkout = checkout_create(
        user=AnonymousUser(), lines=[LineInput(variant_id=world.tenun.pk, quantity=1)]
    )
    answer = checkout_submit(
        checkout=checkout,
        email="maria@contoh.id",
        address=ADDRESS,
        age_confirmed=False,
        shipping_methods={world.sikka.pk: world.sikka_ship["courier"].pk},
        place=False,
        gateway="BANK_TRANSFER",
    )
    assert answer is None
    checkout.refresh_from_db()
    assert checkout.email == "maria@contoh.id"
    assert Payment.objects.count() == 0


def test_submitting_with_place_saves_then_places_one_order_per_seller(world):
    checkout = checkout_create(
        user=AnonymousUser(), lines=[LineInput(variant_id=world.tenun.pk, quantity=1)]
    )
    orders = checkout_submit(
        checkout=checkout,
        email="maria@contoh.id",
        address=ADDRESS,
        age_confirmed=False,
        shipping_methods={world.sikka.pk: world.sikka_ship["courier"].pk},
        place=True,
        gateway="BANK_TRANSFER",
        actor=AnonymousUser(),
    )
    assert [(o.seller_id, o.status) for o in orders] == [(world.sikka.pk, Order.Status.UNPAID)]


def test_a_refused_save_stops_before_the_payment(world):
    checkout = checkout_create(
        user=AnonymousUser(), lines=[LineInput(variant_id=world.tenun.pk, quantity=1)]
    )
    with pytest.raises(ValidationError):
        checkout_submit(
            checkout=checkout,
            email="maria@contoh.id",
            address=AddressInput(name="Maria", phone="081234567890", street="Jl. El Tari"),
            age_confirmed=False,
            shipping_methods={},
            place=True,
            gateway="BANK_TRANSFER",
        )
    assert Payment.objects.count() == 0
