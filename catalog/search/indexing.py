"""Queue a re-index of products after the change that touched them commits.

Through the transactional outbox (``shop.outbox``): the re-index is a row
written with the change, so a broker outage delays it but loses none. The
message names the Celery task ``catalog.search.tasks.product_index`` (by name:
the tasks module imports the backends, which need nothing from here).
"""

from collections.abc import Iterable

from shop import outbox

BATCH = 500
PRODUCT_INDEX = "catalog.search.tasks.product_index"


def product_index_later(product_ids: Iterable[int]) -> None:
    """Queue (after commit) a re-index of these products: their stored search fields and,
    when Elasticsearch is on, their documents; in batches of ``BATCH``."""
    ids = sorted({int(pk) for pk in product_ids})
    for start in range(0, len(ids), BATCH):
        outbox.later(PRODUCT_INDEX, product_ids=ids[start : start + BATCH])
