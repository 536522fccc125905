"""Payment gateways behind one interface (``base.Gateway``).

A gateway creates the payment at the provider (or not, for bank transfer and
COD), reports its status, and refunds. ``gateway_for`` answers the gateway
object for a name; ``gateways_enabled`` reads ``settings.PAYMENT_GATEWAYS``
(production refuses DUMMY at start-up).
"""

from django.conf import settings

from .base import Gateway, GatewayError, GatewayResult, PaymentNotification
from .stripe_gateway import StripeGateway

__all__ = (
    "DummyGateway",
    "Gateway",
    "GatewayError",
    "GatewayResult",
    "ManualGateway",
    "PaymentNotification",
    "gateway_for",
    "gateways_enabled",
)


class DummyGateway(Gateway):
    """Pays at once. For the demo and tests only; production settings refuse it."""

    name = "DUMMY"
    local = True

    def create(self, *, payment) -> GatewayResult:
        return GatewayResult(
            status="succeeded",
            external_id=f"dummy_{payment.idempotency_key}",
            amount_received=payment.amount,
        )

    def status(self, *, payment) -> GatewayResult:
        return GatewayResult(
            status="succeeded", external_id=payment.external_id, amount_received=payment.amount
        )

    def refund(self, *, payment, amount: int) -> str:
        return f"dummy_refund_{payment.pk}_{amount}"


class ManualGateway(Gateway):
    """Bank transfer and COD: money moves outside; a seller or staff confirms it."""

    local = True

    def __init__(self, name: str):
        self.name = name

    def create(self, *, payment) -> GatewayResult:
        return GatewayResult(status="pending")


def gateways_enabled() -> list[str]:
    """The gateway names a buyer may choose (``settings.PAYMENT_GATEWAYS``)."""
    return [g.strip().upper() for g in settings.PAYMENT_GATEWAYS if g.strip()]


def gateway_for(name: str) -> Gateway:
    """The gateway object for a ``Payment.gateway`` name."""
    if name == "STRIPE":
        return StripeGateway()
    if name == "DUMMY":
        return DummyGateway()
    if name in ("BANK_TRANSFER", "COD"):
        return ManualGateway(name)
    raise GatewayError(f"unknown gateway {name}")
