from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""  # empty or symbols only = no text filter; over 200 characters = QUERY_TOO_LONG
    regency: str | None = None  # regency code, e.g. "53.07"
    zone: int | None = None
    category: int | None = None  # includes its sub-categories
    seller: int | None = None
    certifications: tuple[str, ...] = ()  # every listed type, approved and unexpired
    price_gte: int | None = None
    price_lte: int | None = None
    in_stock: bool | None = None
    ovop_designated: bool | None = None  # only products designated by the province (II.3)
    campaign: int | None = None  # not applied here: callers above catalog pass product_ids
    sort: str = "RELEVANCE"  # RELEVANCE | NAME | PRICE | CREATED
    descending: bool = False
    offset: int = 0
    limit: int = 20
    product_ids: tuple[int, ...] | None = None  # restrict to these (e.g. a campaign's products)
    with_facets: bool = True
    with_suggestions: bool = True


@dataclass
class Facet:
    key: str
    label: str
    count: int


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, list[Facet]] = field(
        default_factory=dict
    )  # regency, category, certificate, price
    suggestions: list[str] = field(default_factory=list)
    backend: str = "database"  # which backend answered: database | elasticsearch


def search_products(query: SearchQuery) -> SearchResult:
    """Return one page of visible product ids matching ``query``, with facets.

    Raises ``ValidationError`` (codes ``QUERY_TOO_LONG``, ``INVALID``) for a bad query;
    a page past the end is an empty page with the true total.
    """
    from .backends import get_backend
    from .common import validate_query

    return get_backend().search(validate_query(query))


def search_suggest(text: str, limit: int = 8) -> list[str]:
    """Return up to ``limit`` product names completing or correcting ``text``."""
    from .backends import get_backend
    from .common import validate_query

    query = validate_query(SearchQuery(text=text))
    if not query.text:
        return []
    return get_backend().suggest(query.text, max(1, min(limit, 20)))


def product_index_later(product_ids: Iterable[int]) -> None:
    """Queue (after commit) a re-index of these products: their stored search fields and,
    when Elasticsearch is on, their documents."""
    from .tasks import product_index_on_commit

    product_index_on_commit(product_ids)
