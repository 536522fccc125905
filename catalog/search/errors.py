from enum import StrEnum


class SearchErrorCode(StrEnum):
    """Codes of a refused search (the ``code`` of the ValidationError)."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    QUERY_TOO_LONG = "QUERY_TOO_LONG"
