"""Rupiah as people type it: the one parser every money input goes through."""

import pytest
from django.core.exceptions import ValidationError

from shop.money import MAX_TYPED_AMOUNT, MoneyField, format_idr_input, parse_idr


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("25.000", 25_000),
        ("25000", 25_000),
        ("Rp 25.000", 25_000),
        ("Rp25.000", 25_000),
        ("rp. 1.500.000", 1_500_000),
        ("IDR 150.000", 150_000),
        ("25.000,-", 25_000),
        ("25.000,00", 25_000),
        (" 0 ", 0),
        ("999", 999),
        (25_000, 25_000),
        ("", None),
        (None, None),
    ],
)
def test_whole_rupiah_the_indonesian_way(typed, amount):
    assert parse_idr(typed) == amount


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("25,5", "MONEY_DECIMAL"),
        ("25.000,50", "MONEY_DECIMAL"),
        ("25,000", "MONEY_AMBIGUOUS"),
        ("25.5", "MONEY_AMBIGUOUS"),
        ("25.0000", "MONEY_AMBIGUOUS"),
        ("2.50.000", "MONEY_AMBIGUOUS"),
        ("-5.000", "MONEY_NEGATIVE"),
        ("dua puluh", "MONEY_INVALID"),
        ("25.000 rupiah", "MONEY_INVALID"),
    ],
)
def test_decimals_and_ambiguous_amounts_are_refused_with_a_code(typed, code):
    with pytest.raises(ValidationError) as caught:
        parse_idr(typed)
    assert caught.value.code == code


def test_a_limit_exactly_and_one_past():
    assert parse_idr(str(MAX_TYPED_AMOUNT)) == MAX_TYPED_AMOUNT
    with pytest.raises(ValidationError) as caught:
        parse_idr(str(MAX_TYPED_AMOUNT + 1))
    assert caught.value.code == "MONEY_TOO_LARGE"


def test_the_message_speaks_the_users_language():
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as caught:
        parse_idr("25,5")
    assert "desimal" in caught.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        parse_idr("25,5")
    assert "decimal" in caught.value.messages[0]


def test_the_field_shows_back_what_it_reads():
    field = MoneyField(min_value=0)
    assert field.clean("Rp 25.000") == 25_000
    assert field.widget.format_value(25_000) == "25.000"
    assert format_idr_input(1_250_000) == "1.250.000"
    assert 'inputmode="numeric"' in field.widget.render("price", 25_000)
