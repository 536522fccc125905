"""Payment gateways behind one interface.

A gateway creates the payment at the provider (or not, for bank transfer and
COD), reports its status, and refunds. ``gateway_for`` answers the gateway
object for a name; ``gateways_enabled`` reads ``settings.PAYMENT_GATEWAYS``
(production refuses DUMMY at start-up).
"""

from dataclasses import dataclass

from django.conf import settings


class GatewayError(Exception):
    """The provider refused or could not be reached; the message is for logs."""


@dataclass
class GatewayResult:
    status: str  # "pending" | "succeeded" | "failed"
    external_id: str | None = None
    client_secret: str = ""
    amount_received: int = 0  # rupiah


class Gateway:
    name = ""

    def create(self, *, payment) -> GatewayResult:
        raise NotImplementedError

    def status(self, *, payment) -> GatewayResult:
        return GatewayResult(status="pending", external_id=payment.external_id)

    def refund(self, *, payment, amount: int) -> str:
        """Give ``amount`` rupiah back; answer the provider's refund id ("" if manual)."""
        return ""

    def cancel(self, *, payment) -> None:
        return None


class DummyGateway(Gateway):
    """Pays at once. For the demo and tests only; production settings refuse it."""

    name = "DUMMY"

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

    def __init__(self, name: str):
        self.name = name

    def create(self, *, payment) -> GatewayResult:
        return GatewayResult(status="pending")


def gateways_enabled() -> list[str]:
    return [g.strip().upper() for g in settings.PAYMENT_GATEWAYS if g.strip()]


def gateway_for(name: str) -> Gateway:
    if name == "STRIPE":
        from .stripe_gateway import StripeGateway

        return StripeGateway()
    if name == "DUMMY":
        return DummyGateway()
    if name in ("BANK_TRANSFER", "COD"):
        return ManualGateway(name)
    raise GatewayError(f"unknown gateway {name}")
