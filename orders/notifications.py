"""What the buyer and the lembaga are told about an order, and through which channel.

Services call one function per notification (``notify_order_placed(order)``)
and never a task: this module decides the channel (e-mail today, written by
``orders.emails``) and queues it in the transactional outbox (``shop.outbox``)
through its single exit ``_queue``: the message is a row written with the order
change and delivered after the commit, so a broker outage delays e-mails but
loses none.

``shop.outbox.notifications_off()`` turns every notification off inside a
block: the demo data uses it for a history that never happened.
"""

from shop import outbox

from .models import Order, OrderEventType, TransferProof

BUYER_EMAIL = "orders.emails.order_email_send"
SELLER_EMAIL = "orders.emails.seller_new_order_email_send"
SELLER_TRANSFER_PROOF_EMAIL = "orders.emails.seller_transfer_proof_email_send"


def _queue(handler: str, **kwargs) -> None:
    """Write the notification ``handler(**kwargs)`` to the outbox, delivered after commit."""
    outbox.notify(handler, **kwargs)


def notify_order_placed(order: Order) -> None:
    """Tell the buyer their unpaid order was received (and by when to pay)."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.PLACED.value)


def notify_order_paid(order: Order) -> None:
    """Tell the buyer their payment arrived."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.PAID.value)


def notify_order_accepted(order: Order) -> None:
    """Tell the buyer the lembaga is preparing the order."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.ACCEPTED.value)


def notify_order_shipped(order: Order) -> None:
    """Tell the buyer the parcel left (with its tracking number)."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.SHIPPED.value)


def notify_order_delivered(order: Order) -> None:
    """Tell the buyer the parcel is recorded as delivered."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.DELIVERED.value)


def notify_order_completed(order: Order) -> None:
    """Tell the buyer the order is closed."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.COMPLETED.value)


def notify_order_cancelled(order: Order) -> None:
    """Tell the buyer the order was cancelled (money paid goes back)."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.CANCELLED.value)


def notify_order_expired(order: Order) -> None:
    """Tell the buyer the order was cancelled because it was not paid in time."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.EXPIRED.value)


def notify_order_refunded(order: Order) -> None:
    """Tell the buyer their money for the order was refunded in full."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.REFUNDED.value)


def notify_order_partially_refunded(order: Order) -> None:
    """Tell the buyer part of their money was refunded."""
    _queue(BUYER_EMAIL, order_id=order.pk, kind=OrderEventType.PARTIALLY_REFUNDED.value)


def notify_seller_new_order(order: Order) -> None:
    """Tell the lembaga it has a new order to handle."""
    _queue(SELLER_EMAIL, order_id=order.pk)


def notify_seller_transfer_proof(order: Order, proof: TransferProof) -> None:
    """Tell the lembaga's members a buyer sent a bank-transfer proof for this order."""
    _queue(SELLER_TRANSFER_PROOF_EMAIL, order_id=order.pk, proof_id=proof.pk)
