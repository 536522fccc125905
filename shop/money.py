"""Money is whole rupiah (int) everywhere; this is the one formatter and the one parser.

People in Indonesia write ``25.000`` for twenty-five thousand (the dot groups
thousands, the comma starts decimals). Python's ``int()`` and Django's
``IntegerField`` read ``25.000`` as 25, so every place where a person types
rupiah goes through :func:`parse_idr` (forms through :class:`MoneyField`).
"""

import re
from enum import StrEnum

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CURRENCY = "IDR"


class MoneyErrorCode(StrEnum):
    INVALID = "MONEY_INVALID"
    DECIMAL = "MONEY_DECIMAL"
    AMBIGUOUS = "MONEY_AMBIGUOUS"
    NEGATIVE = "MONEY_NEGATIVE"
    TOO_LARGE = "MONEY_TOO_LARGE"


# Above this a typed price is a typo, not a product (ten billion rupiah).
MAX_TYPED_AMOUNT = 10_000_000_000

_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_DOTTED = re.compile(r"^\d{1,3}(\.\d{3})+$")
# "25.000,-" and "25.000,00" are whole rupiah written the long way.
_WHOLE_SUFFIX = re.compile(r",(-|00)$")


def format_idr(amount: int | None) -> str:
    """Format whole rupiah the Indonesian way: ``Rp 1.250.000``, ``-Rp 5.000``."""
    if amount is None:
        return ""
    value = int(amount)
    digits = f"{abs(value):,}".replace(",", ".")
    return f"-Rp {digits}" if value < 0 else f"Rp {digits}"


def format_idr_input(amount: int | None) -> str:
    """Format whole rupiah for an input box: ``25.000`` (what the parser reads back)."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,}".replace(",", ".")


def parse_idr(text: str | int | None) -> int | None:
    """Read whole rupiah as a person types it: ``25.000``, ``25000``, ``Rp 25.000``.

    Refuses decimals (``25,5``), a comma or dot that could mean either
    thousands or decimals (``25,000``, ``25.5``), and negative amounts, each
    with its own code and a message in the user's language. Empty -> None.
    """
    if text is None:
        return None
    if isinstance(text, int):
        value = text
    else:
        raw = str(text).strip()
        if not raw:
            return None
        cleaned = _PREFIX.sub("", raw).replace(" ", "").replace("\u00a0", "")
        if cleaned.startswith("-"):
            raise ValidationError(
                _("Harga tidak boleh negatif."), code=MoneyErrorCode.NEGATIVE.value
            )
        cleaned = _WHOLE_SUFFIX.sub("", cleaned)
        if cleaned.isdecimal():  # not isdigit: "²" is a digit int() cannot read
            value = int(cleaned)
        elif _DOTTED.match(cleaned):
            value = int(cleaned.replace(".", ""))
        elif re.fullmatch(r"[\d.]*,\d{1,2}", cleaned):
            raise ValidationError(
                _("Rupiah tanpa desimal: tulis %(example)s, bukan %(raw)s.")
                % {"example": "25.000", "raw": raw},
                code=MoneyErrorCode.DECIMAL.value,
            )
        elif re.fullmatch(r"\d+([.,]\d+)+", cleaned):
            raise ValidationError(
                _(
                    "Jumlah %(raw)s membingungkan: pakai titik untuk ribuan "
                    "(25.000) atau tulis angka saja (25000)."
                )
                % {"raw": raw},
                code=MoneyErrorCode.AMBIGUOUS.value,
            )
        else:
            raise ValidationError(
                _("Tulis jumlah rupiah dengan angka, mis. 25.000."),
                code=MoneyErrorCode.INVALID.value,
            )
    if value < 0:
        raise ValidationError(_("Harga tidak boleh negatif."), code=MoneyErrorCode.NEGATIVE.value)
    if value > MAX_TYPED_AMOUNT:
        raise ValidationError(
            _("Jumlah terlalu besar (paling banyak %(max)s).")
            % {"max": format_idr(MAX_TYPED_AMOUNT)},
            code=MoneyErrorCode.TOO_LARGE.value,
        )
    return value


class MoneyInput(forms.TextInput):
    """A text box (not type=number, which refuses ``25.000``) that asks phones for digits."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_idr_input(value)
        return super().format_value(value)


class MoneyField(forms.Field):
    """A form field for whole rupiah typed by a person; see :func:`parse_idr`."""

    widget = MoneyInput

    def __init__(self, *, min_value: int | None = None, **kwargs):
        self.min_value = min_value
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_idr(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("Paling sedikit %(min)s.") % {"min": format_idr(self.min_value)},
                code="min_value",
            )
