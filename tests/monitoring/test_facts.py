import datetime

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from shop.models import OutboxMessage
from shop.monitoring.facts import kept, split_proportionally
from shop.monitoring.models import SalesFact
from shop.monitoring.receivers import FACTS_REFRESH_ORDER

from .sales import place


@given(
    amount=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20),
)
def test_split_proportionally_sums_exactly_in_whole_rupiah(amount, weights):
    shares = split_proportionally(amount, weights)
    assert sum(shares) == amount
    assert len(shares) == len(weights)
    total = sum(weights)
    if total and amount >= 0:
        for share, weight in zip(shares, weights, strict=True):
            # within one rupiah of the exact share amount * weight / total (in integers:
            # a float quotient of 10^21 loses the fraction)
            assert abs(share * total - amount * weight) < total


def test_split_proportionally_exact_figures():
    assert split_proportionally(100, [1, 1, 1]) == [34, 33, 33]
    assert split_proportionally(10, [0, 0]) == [5, 5]
    assert split_proportionally(-100, [1, 1, 1]) == [-34, -33, -33]
    assert split_proportionally(0, []) == []
    with pytest.raises(ValueError, match="no weights"):
        split_proportionally(1, [])


def test_kept_rounds_the_refund_share_half_up():
    assert kept(100_000, refunded=50_000, total=110_000) == 54_545  # share 45.454,5 -> 45.455
    assert kept(100_000, refunded=0, total=110_000) == 100_000
    assert kept(100_000, refunded=110_000, total=110_000) == 0
    assert kept(0, refunded=10, total=0) == 0


def test_an_order_saved_refreshes_its_facts_after_commit(shops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        orders = place([(shops["tenun"], 1)])
    # Placed, then marked paid: saved several times, queued once.
    refreshes = OutboxMessage.objects.filter(
        handler=FACTS_REFRESH_ORDER, kwargs={"order_id": orders[0].pk}
    )
    assert refreshes.count() == 1
    fact = SalesFact.objects.get(order_id=orders[0].pk)
    assert (fact.gmv, fact.units, fact.orders, fact.regency_id) == (450_000, 1, 1, "53.07")
    assert fact.destination == "NTT"


def test_facts_keep_the_lembaga_zone_of_the_time_of_sale(shops):
    from sellers.models import Zone

    old = Zone.objects.create(
        regency_id="53.07", name="Zona tenun Paga", slug="zona-paga", commodity="Tenun"
    )
    new = Zone.objects.create(
        regency_id="53.07", name="Zona baru", slug="zona-baru", commodity="Tenun"
    )
    shops["sikka"].zone = old
    shops["sikka"].save()
    orders = place([(shops["tenun"], 1)], paid_on=datetime.date(2026, 3, 1))
    call_command("facts_rebuild", start="2026-03-01", end="2026-03-01", no_progress=True)
    shops["sikka"].zone = new
    shops["sikka"].save()
    call_command("facts_rebuild", start="2026-03-01", end="2026-03-01", no_progress=True)
    assert SalesFact.objects.get(order_id=orders[0].pk).zone_id == old.pk


def test_facts_rebuild_command_reports_and_refuses_bad_ranges(shops, capsys):
    place([(shops["tenun"], 1)], paid_on=datetime.date(2026, 3, 1))
    call_command("facts_rebuild", start="2026-03-01", end="2026-03-31")
    out = capsys.readouterr()
    assert "1 orders, 1 fact rows" in out.out
    assert "1/1" in out.err  # the progress bar
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="sebelum"):
        call_command("facts_rebuild", start="2026-03-31", end="2026-03-01")
