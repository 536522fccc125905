"""Product search: one interface, two backends (PostgreSQL full-text, Elasticsearch).

Callers (the ``products`` query, the storefront search box) use only
``search_products``, ``search_suggest`` and ``product_index_later``; which
backend answers is a setting (``ELASTICSEARCH_URL``).
"""

from .backends import search_products, search_suggest
from .database import spelling_suggestion
from .indexing import product_index_later
from .interface import COUNT_CAP, Facet, SearchQuery, SearchResult

__all__ = (
    "COUNT_CAP",
    "Facet",
    "SearchQuery",
    "SearchResult",
    "product_index_later",
    "search_products",
    "search_suggest",
    "spelling_suggestion",
)
