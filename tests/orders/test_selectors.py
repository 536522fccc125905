"""orders.selectors used by the pages: month windows and a lembaga's own shipping methods."""

import datetime
from zoneinfo import ZoneInfo

from orders.selectors import month_bounds, shipping_method_of_seller, shipping_methods_of_sellers

WITA = ZoneInfo("Asia/Makassar")


def test_month_bounds_of_december_end_at_the_next_january():
    assert month_bounds(datetime.date(2025, 12, 31)) == (
        datetime.datetime(2025, 12, 1, tzinfo=WITA),
        datetime.datetime(2026, 1, 1, tzinfo=WITA),
    )


def test_month_bounds_of_february_in_a_leap_year():
    assert month_bounds(datetime.date(2028, 2, 1)) == (
        datetime.datetime(2028, 2, 1, tzinfo=WITA),
        datetime.datetime(2028, 3, 1, tzinfo=WITA),
    )


def test_a_lembaga_finds_only_its_own_shipping_method(world):
    theirs = world.belu_ship["courier"]
    mine = world.sikka_ship["courier"]
    assert shipping_method_of_seller(seller=world.sikka, pk=str(mine.pk)) == mine
    assert shipping_method_of_seller(seller=world.sikka, pk=str(theirs.pk)) is None
    assert shipping_method_of_seller(seller=world.sikka, pk="1 OR 1=1") is None
    assert set(shipping_methods_of_sellers(sellers=[world.sikka])) == set(world.sikka_ship.values())
