"""Background work of checkout and orders: e-mails and the periodic clean-ups."""

from celery import shared_task


@shared_task
def order_email_send(order_id: int, kind: str) -> bool:
    """E-mail the buyer (in Bahasa Indonesia) about a step of their order."""
    from .emails import order_email_send as send

    return send(order_id=order_id, kind=kind)


@shared_task
def seller_new_order_email_send(order_id: int) -> bool:
    """E-mail the lembaga about a new order."""
    from .emails import seller_new_order_email_send as send

    return send(order_id=order_id)


@shared_task
def reservations_release_expired() -> int:
    """Give back stock held by checkouts that did not finish paying in time."""
    from .services.payments import reservations_release_expired as release

    return release()


@shared_task
def orders_expire_unpaid() -> int:
    """Cancel bank-transfer orders not paid before their deadline."""
    from .services.orders import orders_expire_unpaid as expire

    return expire()
