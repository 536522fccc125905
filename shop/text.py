"""Control characters in text inputs: the one rule, for GraphQL arguments and forms alike.

NUL is refused everywhere (PostgreSQL cannot store it and answered with its own
words); every other control character is refused too, except that multi-line
fields keep line breaks and tabs. A single-line field (a name, a slug, an
e-mail) may not hold CR or LF: a seller's name with a line break ended up in an
e-mail subject and broke the notification of a committed change.
"""

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# Inputs whose value may span lines (the snake_case names of GraphQL inputs and forms).
MULTILINE_FIELDS = frozenset(
    {
        "address",
        "description",
        "non_halal_statement",
        "note",
        "notes",
        "restriction_note",
        "story",
    }
)

_SINGLE_LINE_BAD = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
_MULTI_LINE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_problem(value: str, *, multiline: bool) -> str | None:
    """The message for a text that holds a refused control character, else None."""
    if "\x00" in value:
        return _("Teks tidak boleh berisi karakter NUL.")
    if (_MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD).search(value):
        if multiline:
            return _("Teks berisi karakter kontrol yang tidak diizinkan.")
        return _("Teks ini harus satu baris, tanpa pindah baris atau karakter kontrol.")
    return None


def is_multiline(name: str) -> bool:
    return name in MULTILINE_FIELDS


def text_problems(values: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """(field name, message) for every refused text in ``values`` (dicts and lists walked).

    The field named is the innermost key, as mutation errors name input fields.
    """
    if isinstance(values, str):
        problem = control_character_problem(values, multiline=is_multiline(name))
        if problem:
            yield name, problem
    elif isinstance(values, dict):
        for key, value in values.items():
            yield from text_problems(value, str(key))
    elif isinstance(values, list | tuple):
        for value in values:
            yield from text_problems(value, name)


@deconstructible
class ControlCharacterValidator:
    """A Django validator: refuse control characters (line breaks allowed if multi-line)."""

    code = "INVALID"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        problem = control_character_problem(str(value), multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


def guard_form_fields(fields: dict) -> None:
    """Give every text field of a form the control-character validator.

    A field drawn as a ``Textarea`` is multi-line, any other text field single-line.
    """
    from django import forms

    for field in fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
            field.validators.append(
                ControlCharacterValidator(multiline=isinstance(field.widget, forms.Textarea))
            )


class TextGuardFormMixin:
    """Put first in a form's bases: every text field gets the control-character rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_form_fields(self.fields)
