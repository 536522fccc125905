import pytest

from shop.money import format_idr
from shop.templatetags.money import rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp 0"),
        (500, "Rp 500"),
        (150000, "Rp 150.000"),
        (1250000, "Rp 1.250.000"),
        (-5000, "-Rp 5.000"),
    ],
)
def test_format_idr_uses_dots_between_thousands(amount, text):
    assert format_idr(amount) == text


def test_rupiah_filter_is_the_same_formatter():
    assert rupiah(10_000_000) == "Rp 10.000.000"
    assert rupiah(None) == ""
