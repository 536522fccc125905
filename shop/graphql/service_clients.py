"""Service-client authentication, filled in by the stock-location API tokens."""


def service_client_user(request, token: str):
    """Return the user an API token acts as, or None. No API tokens exist yet."""
    return None
