"""Service-client authentication: a POS's outlet API token (``outlets.services.tokens``)."""

from outlets.services import api_token_authenticate


def service_client_user(request, token: str):
    """Return the service user an outlet API token acts as, or None (the view answers 401)."""
    return api_token_authenticate(token=token, client_ip=request.META.get("REMOTE_ADDR"))
