"""Keep the sales facts up to date: every saved order is refreshed after commit.

Through the transactional outbox (``shop.outbox``), like every other piece of work
that follows a change: the refresh is a row written with the order's change, so a
broker outage delays the facts but never fails the request or loses the refresh
(the sweeper delivers it once a worker runs again).
"""

from django.db import connection, transaction

from shop import outbox

FACTS_REFRESH_ORDER = "shop.monitoring.tasks.facts_refresh_order"


class FactsRefreshLater:
    """Marks, among the after-commit callbacks, that this order's refresh is queued (an
    order is saved several times in one transaction; its refresh is queued once)."""

    def __init__(self, order_id: int):
        self.order_id = order_id

    def __call__(self) -> None:
        """Nothing to do: the outbox row written with the change carries the work."""


def order_saved(sender, instance, **kwargs) -> None:
    """An order changed (placed, paid, refunded, cancelled...): refresh its facts after commit."""
    pending = connection.run_on_commit if connection.in_atomic_block else []
    for _sids, func, *_rest in pending:
        if isinstance(func, FactsRefreshLater) and func.order_id == instance.pk:
            return
    outbox.later(FACTS_REFRESH_ORDER, order_id=instance.pk)
    transaction.on_commit(FactsRefreshLater(instance.pk))
