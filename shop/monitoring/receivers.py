"""Keep the sales facts up to date: every saved order is refreshed after commit."""

from django.db import connection, transaction


class FactsRefreshLater:
    """The after-commit callback of one order (recognised so it is queued once per commit)."""

    def __init__(self, order_id: int):
        self.order_id = order_id

    def __call__(self) -> None:
        from .tasks import facts_refresh_order

        facts_refresh_order.delay(self.order_id)


def order_saved(sender, instance, **kwargs) -> None:
    """An order changed (placed, paid, refunded, cancelled...): refresh its facts after commit.

    An order is saved several times in one transaction (each status step); the
    task is queued once per commit.
    """
    pending = connection.run_on_commit if connection.in_atomic_block else []
    for _sids, func, *_rest in pending:
        if isinstance(func, FactsRefreshLater) and func.order_id == instance.pk:
            return
    transaction.on_commit(FactsRefreshLater(instance.pk))
