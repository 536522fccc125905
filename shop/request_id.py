"""One id per request, for logs and for the errors a client may quote to support.

The id comes from a trusted proxy's ``X-Request-ID`` when it looks like one, or is
made here; it is kept in a context variable so that log records and GraphQL error
formatting can read it without the request object being passed around.
"""

import re
import uuid
from contextvars import ContextVar

_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    """The id of the request being served, or ``-`` outside a request."""
    return request_id_var.get()


class RequestIdMiddleware:
    """Give each request an id, expose it as ``request.request_id`` and ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _ACCEPTABLE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter:
    """Add ``request_id`` to every log record (``-`` outside a request).

    Django logs a 4xx/5xx answer (``django.request``) after the middleware has
    returned, so the record's own ``request`` is asked before the context variable.
    """

    def filter(self, record) -> bool:
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id if isinstance(request_id, str) else request_id_var.get()
        return True
