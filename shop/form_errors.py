"""A service's ``ValidationError`` shown on a page: on the form's fields, or as messages."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest


def validation_error_messages(exc: ValidationError) -> list[tuple[str | None, str]]:
    """Each message of ``exc`` (parameters filled in) with its field, or None when it has none."""
    if hasattr(exc, "error_dict"):
        return [
            (None if field == NON_FIELD_ERRORS else field, message)
            for field, field_messages in exc.message_dict.items()
            for message in field_messages
        ]
    return [(None, message) for message in exc.messages]


def form_errors_add(
    exc: ValidationError, *, form=None, request: HttpRequest | None = None, prefix: str = ""
) -> None:
    """Show ``exc`` where the user looks: a field's message on that field of ``form``.

    The other messages become flash messages when ``request`` is given (pages
    that redirect or whose form lacks the field), else the form's non-field
    errors. ``prefix`` names the row a message is about (``"KOPI-250: "``).
    """
    for field, message in validation_error_messages(exc):
        if form is not None and field in form.fields:
            form.add_error(field, message)
        elif request is not None:
            messages.error(request, f"{prefix}{message}")
        else:
            form.add_error(None, message)
