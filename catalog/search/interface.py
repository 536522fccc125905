from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    regency: str | None = None  # regency code, e.g. "53.07"
    zone: int | None = None
    category: int | None = None  # includes its sub-categories
    seller: int | None = None
    certifications: tuple[str, ...] = ()  # every listed type, approved and unexpired
    price_gte: int | None = None
    price_lte: int | None = None
    in_stock: bool | None = None
    campaign: int | None = None
    sort: str = "RELEVANCE"  # RELEVANCE | NAME | PRICE | CREATED
    descending: bool = False
    offset: int = 0
    limit: int = 20


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


def search_products(query: SearchQuery) -> SearchResult:
    """Return one page of visible product ids matching ``query``, with facets."""
    from .backends import get_backend

    return get_backend().search(query)


def product_index_later(product_ids: Iterable[int]) -> None:
    """Queue (after commit) a re-index of these products; a no-op for the database backend."""
    from .backends import get_backend

    get_backend().index_later(list(product_ids))
