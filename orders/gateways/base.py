"""What every payment gateway offers the payment services, and what it answers.

A gateway creates the payment at the provider, reports its status, refunds
and cancels; a provider's webhook event is read by its own gateway module into
a ``PaymentNotification``, so the services never see a provider's JSON.
"""

from dataclasses import dataclass, field


class GatewayError(Exception):
    """The provider refused or could not be reached; the message is for logs."""


@dataclass
class GatewayResult:
    status: str  # "pending" | "succeeded" | "failed"
    external_id: str | None = None
    client_secret: str = ""
    amount_received: int = 0  # rupiah


@dataclass(frozen=True)
class PaymentNotification:
    """One webhook event of a provider, in our terms.

    ``kind`` says what happened to the payment ``external_id``:
    ``succeeded`` (``amount`` rupiah arrived in ``currency``), ``failed``,
    ``refunded`` (``amount`` rupiah refunded so far in total), or ``other``
    (an event we do not act on).
    """

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"
    OTHER = "other"

    gateway: str
    event_id: str
    event_type: str
    kind: str
    external_id: str | None = None
    amount: int = 0
    currency: str = ""
    payload: dict = field(default_factory=dict)


class Gateway:
    name = ""
    # True when ``create`` calls no provider: the payment is opened inside the
    # checkout's transaction, before its row is written (one INSERT).
    local = False

    def create(self, *, payment) -> GatewayResult:
        raise NotImplementedError

    def status(self, *, payment) -> GatewayResult:
        return GatewayResult(status="pending", external_id=payment.external_id)

    def refund(self, *, payment, amount: int) -> str:
        """Give ``amount`` rupiah back; answer the provider's refund id ("" if manual)."""
        return ""

    def cancel(self, *, payment) -> None:
        return None
