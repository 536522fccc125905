"""Keep the sales facts up to date: every saved order is refreshed after commit.

Through the transactional outbox (``shop.outbox``), like every other piece of work
that follows a change: the refresh is a row written with the order's change, so a
broker outage delays the facts but never fails the request or loses the refresh
(the sweeper delivers it once a worker runs again).
"""

from shop import outbox

FACTS_REFRESH_ORDER = "shop.monitoring.tasks.facts_refresh_order"


def order_saved(sender, instance, **kwargs) -> None:
    """An order changed (placed, paid, refunded, cancelled...): refresh its facts after commit.

    An order is saved several times in one transaction; its refresh is queued once.
    """
    outbox.later(FACTS_REFRESH_ORDER, once_per_transaction=True, order_id=instance.pk)
