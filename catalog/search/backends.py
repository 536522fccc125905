"""Backend selection: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the database.

When Elasticsearch fails (down, timing out, index missing) a search falls back to
the database backend and logs a warning; the database's stored search fields
are always kept fresh, so the fallback is as current as the index.
"""

import logging

from django.conf import settings

from .common import validate_query
from .database import DatabaseBackend
from .errors import SearchIndexUnavailable
from .interface import SearchQuery, SearchResult

logger = logging.getLogger("catalog.search")


class FallbackBackend:
    """Asks Elasticsearch first and the database when Elasticsearch does not answer."""

    name = "elasticsearch"

    def __init__(self):
        # Lazy on purpose, not for a cycle: the elasticsearch libraries load only
        # when ELASTICSEARCH_URL is set.
        from . import elastic

        self.elastic = elastic
        self.primary = elastic.ElasticsearchBackend()
        self.fallback = DatabaseBackend()

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            return self.primary.search(query)
        except self.elastic.UNAVAILABLE as exc:
            logger.warning("search: Elasticsearch failed (%s); answering from the database", exc)
            return self.fallback.search(query)

    def suggest(self, text: str, limit: int) -> list[str]:
        try:
            return self.primary.suggest(text, limit)
        except self.elastic.UNAVAILABLE as exc:
            logger.warning("search: Elasticsearch failed (%s); suggesting from the database", exc)
            return self.fallback.suggest(text, limit)

    def index(self, product_ids: list[int]) -> None:
        """Write the database part, then Elasticsearch; if Elasticsearch does not take
        the write, raise ``SearchIndexUnavailable`` (the database part stays written:
        outside a transaction it is committed, and the Celery task retries)."""
        self.fallback.index(product_ids)
        try:
            self.primary.index(product_ids)
        except self.elastic.UNAVAILABLE as exc:
            logger.warning(
                "search: Elasticsearch indexing of %d products failed (%s); "
                "the task retries, or run manage.py search_reindex when it is back",
                len(product_ids),
                exc,
            )
            raise SearchIndexUnavailable(str(exc)) from exc


def elasticsearch_enabled() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def get_backend() -> DatabaseBackend | FallbackBackend:
    return FallbackBackend() if elasticsearch_enabled() else DatabaseBackend()


def search_products(query: SearchQuery) -> SearchResult:
    """Return one page of visible product ids matching ``query``, with facets.

    Raises ``ValidationError`` (codes ``QUERY_TOO_LONG``, ``INVALID``) for a bad query;
    a page past the end is an empty page with the true total.
    """
    return get_backend().search(validate_query(query))


def search_suggest(text: str, limit: int = 8) -> list[str]:
    """Return up to ``limit`` product names completing or correcting ``text``."""
    query = validate_query(SearchQuery(text=text))
    if not query.text:
        return []
    return get_backend().suggest(query.text, max(1, min(limit, 20)))
