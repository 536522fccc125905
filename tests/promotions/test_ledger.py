"""The discount ledger follows the stock hold: held when paying, back to the budget on expiry."""

from datetime import timedelta

from django.utils import timezone

from orders.models import StockReservation
from orders.services.payments import checkout_payment_create
from orders.services.reservations import reservations_release_expired
from promotions.models import Campaign, Redemption
from tests.shopping import checkout_of_sikka

from .factories import make_campaign


def test_paying_holds_the_discount_and_expiry_gives_it_back(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=100_000)
    checkout = checkout_of_sikka(world)
    payment = checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    assert payment.amount == 450_000 - 45_000 + 25_000  # courier Sikka -> Kupang, first kg
    campaign.refresh_from_db()
    assert campaign.budget_spent == 45_000
    [held] = Redemption.objects.all()
    assert (held.status, held.amount, held.customer) == ("HELD", 45_000, "email:maria@contoh.id")
    # Paying again replaces the hold instead of adding to it.
    checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 45_000

    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert reservations_release_expired() == 1
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 0
    assert list(Redemption.objects.values_list("status", flat=True)) == ["RELEASED"] * 2
