"""Properties of the rupiah formats (issue 18), for any amount hypothesis draws: every
way the shop writes or people type whole rupiah reads back to the same amount, and every
other text is refused with its code, never a crash."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from shop.money import MAX_TYPED_AMOUNT, MoneyErrorCode, format_idr, format_idr_input, parse_idr

AMOUNTS = st.integers(min_value=0, max_value=MAX_TYPED_AMOUNT)
TOO_LARGE = st.integers(min_value=MAX_TYPED_AMOUNT + 1, max_value=10**15)
CODES = {code.value for code in MoneyErrorCode}


def _written(amount: int) -> list[str]:
    dotted = format_idr_input(amount)
    return [
        str(amount),
        dotted,
        format_idr(amount),
        f"Rp{dotted}",
        f"rp. {dotted}",
        f"IDR {amount}",
        f"Rp\u00a0{dotted}",
        f"{dotted},-",
        f"{dotted},00",
        f"  {dotted} ",
    ]


def _code(text) -> str:
    with pytest.raises(ValidationError) as refused:
        parse_idr(text)
    return refused.value.code


@given(amount=AMOUNTS)
def test_every_way_of_writing_whole_rupiah_reads_back(amount):
    assert [parse_idr(text) for text in _written(amount)] == [amount] * 10
    assert parse_idr(amount) == amount


@given(amount=AMOUNTS)
def test_the_input_box_format_is_dots_between_thousands(amount):
    dotted = format_idr_input(amount)
    assert dotted.replace(".", "") == str(amount)
    groups = dotted.split(".")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
    assert format_idr(amount) == f"Rp {dotted}"


@given(amount=TOO_LARGE)
def test_above_the_maximum_is_too_large_however_written(amount):
    codes = {_code(text) for text in _written(amount)} | {_code(amount)}
    assert codes == {MoneyErrorCode.TOO_LARGE.value}


@given(amount=AMOUNTS.filter(bool))
def test_a_minus_sign_is_negative(amount):
    assert _code(f"-{format_idr_input(amount)}") == MoneyErrorCode.NEGATIVE.value
    assert _code(f"Rp -{amount}") == MoneyErrorCode.NEGATIVE.value
    assert _code(-amount) == MoneyErrorCode.NEGATIVE.value


@given(amount=AMOUNTS, cents=st.integers(min_value=1, max_value=99))
def test_cents_are_decimals(amount, cents):
    dotted = format_idr_input(amount)
    assert _code(f"{dotted},{cents:02d}") == MoneyErrorCode.DECIMAL.value
    if cents < 10:
        assert _code(f"{dotted},{cents}") == MoneyErrorCode.DECIMAL.value


@given(
    head=st.integers(min_value=1, max_value=999_999),
    tail=st.integers(min_value=0, max_value=999),
    odd=st.text(alphabet="0123456789", min_size=1, max_size=6).filter(lambda t: len(t) != 3),
)
def test_a_separator_that_could_mean_either_is_ambiguous(head, tail, odd):
    """A comma before three digits, or a dot before a group that is not three digits."""
    assert _code(f"{head},{tail:03d}") == MoneyErrorCode.AMBIGUOUS.value
    assert _code(f"{head}.{odd}") == MoneyErrorCode.AMBIGUOUS.value


@given(text=st.text(max_size=20))
def test_any_text_is_an_amount_in_range_or_a_coded_refusal(text):
    outcome = _outcome(text)
    if isinstance(outcome, str):
        assert outcome in CODES
    else:
        assert outcome is None or 0 <= outcome <= MAX_TYPED_AMOUNT
        assert (outcome is None) is (text.strip() == "")


def _outcome(text) -> int | str | None:
    """The amount read, or the refusal's code."""
    try:
        return parse_idr(text)
    except ValidationError as refused:
        return refused.code


@pytest.mark.parametrize("typed", ["²", "2³", "Rp ½", "①"])
def test_digit_like_signs_are_refused_not_a_crash(typed):
    """Found by the property above: str.isdigit() is true for "²", which int() cannot
    read, so the parser raised ValueError (a server error) instead of its coded refusal."""
    assert _outcome(typed) == MoneyErrorCode.INVALID.value
