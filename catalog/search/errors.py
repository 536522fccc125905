from enum import StrEnum


class SearchErrorCode(StrEnum):
    """Codes of a refused search (the ``code`` of the ValidationError)."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    QUERY_TOO_LONG = "QUERY_TOO_LONG"


class SearchIndexUnavailable(Exception):
    """Elasticsearch did not take a product index write (down, timing out, refusing).

    Raised by ``FallbackBackend.index`` after the database part was written, so the
    Celery task ``product_index`` retries; the module stays free of ``elasticsearch``.
    """
