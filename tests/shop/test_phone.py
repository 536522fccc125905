import pytest
from django.core.exceptions import ValidationError

from shop.phone import normalize_phone


@pytest.mark.parametrize(
    "raw",
    ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "812 3456 7890", "(0812) 3456.7890"],
)
def test_normalize_phone_gives_one_e164_form(raw):
    assert normalize_phone(raw) == "+6281234567890"


def test_normalize_phone_keeps_landlines_with_area_code():
    assert normalize_phone("0380 821234") == "+62380821234"


@pytest.mark.parametrize("raw", ["", "abc", "0812", "08123456789012345", "+1 415 555 0100"])
def test_normalize_phone_refuses_what_is_not_an_indonesian_number(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert exc.value.code == "invalid"
