"""The one place an error leaves ``/graphql/``.

Every error gets a code in ``extensions`` and a message in the request's language.
A client's mistake (bad syntax, an unknown field, a value of the wrong type, a refused
argument) is ``INVALID`` unless the code that refused it chose a code; a Django
``ValidationError``, ``PermissionDenied`` or missing row that escaped a resolver keeps
its meaning; anything else is logged with its traceback and answered as
``INTERNAL_ERROR`` with the request id, never with the exception's own text, which
may be Python's or PostgreSQL's.
"""

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from graphene_django.views import HttpError
from graphql import GraphQLError

from shop.request_id import current_request_id

from .base import validation_error_items

logger = logging.getLogger("shop.graphql")


class RequestError(HttpError):
    """A request refused before it is executed: an HTTP status, a code and a message."""

    def __init__(self, status: int, code: str, message: str):
        from django.http import HttpResponse

        super().__init__(HttpResponse(status=status), str(message))
        self.code = code


def coded(code: str, message: str, **extensions: Any) -> dict[str, Any]:
    """An error as the GraphQL response carries it."""
    return {"message": str(message), "extensions": {"code": code, **extensions}}


def error_format(error: Exception) -> dict[str, Any]:
    """Turn whatever reached the GraphQL view into a coded error (the view's ``format_error``)."""
    if isinstance(error, RequestError):
        return coded(error.code, error.message)
    if isinstance(error, HttpError):
        # graphene-django's own refusals (e.g. a mutation sent with GET) speak English.
        return coded("INVALID", _("Permintaan GraphQL tidak valid untuk metode HTTP ini."))
    if not isinstance(error, GraphQLError):
        return _unexpected(error)
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        formatted = error.formatted
        extensions = dict(formatted.get("extensions") or {})
        if "code" not in extensions:
            # graphql-core's own words about the document: the spec's, not Python's.
            extensions["code"] = "INVALID"
            formatted["message"] = _("Kueri tidak valid: %(detail)s") % {"detail": error.message}
        formatted["extensions"] = extensions
        return formatted
    if error.path is None:
        # A value that a scalar refused while variables were coerced: the client's.
        body = coded("INVALID", _("Nilai argumen atau variabel tidak valid."))
    else:
        body = _for_exception(original)
    if error.locations:
        body["locations"] = [loc._asdict() for loc in error.locations]
    if error.path is not None:
        body["path"] = error.path
    return body


def _for_exception(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ValidationError):
        field, code, message = validation_error_items(exc)[0]
        return coded(code, message, field=field)
    if isinstance(exc, PermissionDenied):
        message = str(exc) or _("Anda tidak memiliki izin untuk tindakan ini.")
        return coded("PERMISSION_DENIED", message)
    if isinstance(exc, ObjectDoesNotExist | Http404):
        return coded("NOT_FOUND", _("Data yang diminta tidak ditemukan."))
    return _unexpected(exc)


def _unexpected(exc: BaseException) -> dict[str, Any]:
    request_id = current_request_id()
    logger.error(
        "unexpected error in a GraphQL request",
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    message = _(
        "Terjadi kesalahan pada server. Sebutkan kode %(request_id)s bila menghubungi kami."
    ) % {"request_id": request_id}
    return coded("INTERNAL_ERROR", message, requestId=request_id)
