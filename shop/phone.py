"""Indonesian phone numbers, normalised to E.164 (+62...)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_phone(raw: str) -> str:
    """Return ``raw`` as +62XXXXXXXX, accepting 08.., 628.., +628.. and 8.. forms.

    Sellers type numbers as they say them (``0812-3456-7890``); storing one
    form lets us match a buyer's number and send WhatsApp/SMS links.
    """
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+62"):
        rest = number[3:]
    elif number.startswith("62"):
        rest = number[2:]
    elif number.startswith("0"):
        rest = number[1:]
    else:
        rest = number
    if not rest.isdigit() or not rest.startswith(("8", "2", "3", "4", "5", "6", "7", "9")):
        raise ValidationError(
            _("Nomor telepon tidak valid. Contoh: 0812 3456 7890."), code="invalid"
        )
    if not 8 <= len(rest) <= 12:
        raise ValidationError(
            _("Nomor telepon harus 9 sampai 13 digit. Contoh: 0812 3456 7890."), code="invalid"
        )
    return f"+62{rest}"
