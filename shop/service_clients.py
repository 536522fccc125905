"""Service-client authentication: the hook through which a POS's API token signs in.

The GraphQL view sits in shop's low part and must not import the app that issues
the tokens (``orders.outlets``, above orders), so the authenticating function is
named by a setting, as Django names its authentication backends:
``SERVICE_CLIENT_AUTHENTICATOR`` (a dotted path, or empty for no service clients).
It takes ``token`` and ``client_ip`` and answers the user the token acts as or None;
it raises a subclass of :class:`ServiceClientThrottled` when the token is over its rate.
"""

from django.conf import settings
from django.utils.module_loading import import_string

__all__ = ("ServiceClientThrottled", "service_client_user")


class ServiceClientThrottled(Exception):
    """The token is over its request rate (the view answers 429 RATE_LIMITED)."""


def service_client_user(request, token: str):
    """Return the service user a service-client token acts as, or None (the view answers 401)."""
    path = getattr(settings, "SERVICE_CLIENT_AUTHENTICATOR", "")
    if not path:
        return None
    authenticate = import_string(path)
    return authenticate(token=token, client_ip=request.META.get("REMOTE_ADDR"))
