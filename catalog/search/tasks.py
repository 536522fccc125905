"""Search indexing tasks (listed in ``CELERY_IMPORTS`` so workers register them)."""

from collections.abc import Iterable

from celery import shared_task
from django.db import transaction

from . import receivers  # noqa: F401  (connects the seller-status receiver in workers)

BATCH = 500


@shared_task(name="catalog.search.tasks.product_index")
def product_index(product_ids: list[int]) -> int:
    """Refresh the search data of these products (stored fields, Elasticsearch documents).

    Safe to run twice: it recomputes everything from the current rows.
    """
    from .backends import get_backend

    ids = sorted({int(pk) for pk in product_ids})
    get_backend().index(ids)
    return len(ids)


def product_index_on_commit(product_ids: Iterable[int]) -> None:
    """Queue ``product_index`` for these products once the current transaction commits."""
    ids = sorted({int(pk) for pk in product_ids})
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        transaction.on_commit(lambda batch=batch: product_index.delay(batch))
