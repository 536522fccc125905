"""Service-client authentication: a POS's outlet API token (``outlets.services.tokens``)."""

from outlets.services import TokenThrottled, api_token_authenticate

__all__ = ("ServiceClientThrottled", "service_client_user")

ServiceClientThrottled = TokenThrottled


def service_client_user(request, token: str):
    """Return the service user an outlet API token acts as, or None (the view answers 401).

    Raises ``ServiceClientThrottled`` when the token is over its rate (the view answers 429).
    """
    return api_token_authenticate(token=token, client_ip=request.META.get("REMOTE_ADDR"))
