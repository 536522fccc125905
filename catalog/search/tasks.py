"""Search indexing tasks (listed in ``CELERY_IMPORTS`` so workers register them).

The outbox runs ``product_index`` and ``search_entries_cluster`` (see ``indexing``).
"""

from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from catalog.models import Certificate, Product
from shop import outbox

from .backends import get_backend
from .database import entries_cluster, synonyms_refold
from .errors import SearchIndexUnavailable
from .indexing import product_index_later


@outbox.handler
@shared_task(
    name="catalog.search.tasks.product_index",
    autoretry_for=(SearchIndexUnavailable,),
    retry_backoff=True,
    max_retries=5,
)
def product_index(product_ids: list[int]) -> int:
    """Refresh the search data of these products (stored fields, Elasticsearch documents).

    Safe to run twice: it recomputes everything from the current rows. When
    Elasticsearch does not take the write the database part is already committed and
    the task retries with backoff (about 1, 2, 4, 8, 16 s, then gives up: run
    ``manage.py search_reindex``).
    """
    ids = sorted({int(pk) for pk in product_ids})
    get_backend().index(ids)
    return len(ids)


@outbox.handler
@shared_task(name="catalog.search.tasks.search_entries_cluster")
def search_entries_cluster() -> None:
    """Lay the search table out by category again (see ``database.entries_cluster``)."""
    entries_cluster()


@shared_task(name="catalog.search.tasks.certificates_expired_reindex")
def certificates_expired_reindex() -> int:
    """Re-index the products whose certificate (or whose seller's) expired yesterday,
    then re-cluster the search table (this is the nightly search upkeep).

    Search stores each product's valid certificate types; run daily so an expired
    certificate leaves the filter and facet within a day.
    """
    yesterday = timezone.localdate() - timedelta(days=1)
    expired = Certificate.objects.filter(expires_at=yesterday)
    ids = list(
        Product.objects.filter(
            Q(pk__in=expired.values("product_id")) | Q(seller_id__in=expired.values("seller_id"))
        ).values_list("pk", flat=True)
    )
    product_index_later(ids)
    outbox.later("catalog.search.tasks.search_entries_cluster")
    return len(ids)


@shared_task(name="catalog.search.tasks.search_synonyms_refold")
def search_synonyms_refold() -> int:
    """Nightly: after a deploy that edited ``synonyms_id.txt`` (or the first one with
    synonym tokens), re-index every product so searches can match a synonym group by
    its token again (see ``database.synonyms_refold``); otherwise nothing."""
    indexed = synonyms_refold()
    if indexed:
        entries_cluster()
    return indexed
