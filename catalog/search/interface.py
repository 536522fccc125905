"""The types every search backend speaks: a query, a facet, a page of results."""

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
    campaign: int | None = None  # applied as product_ids (catalog.offers.campaign_product_ids)
    sort: str = "RELEVANCE"  # RELEVANCE | NAME | PRICE | CREATED | RATING (average) | BEST_SELLING
    descending: bool = False
    offset: int = 0
    limit: int = 20
    product_ids: tuple[int, ...] | None = None  # restrict to these (e.g. a campaign's products)
    with_facets: bool = True
    with_suggestions: bool = True
    with_total: bool = True  # False: ``total`` only tells whether a next page exists


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
    # More than ``total`` products match: counting stopped at COUNT_CAP (the database
    # backend, a text search); pages show "10.000+". Facet counts then count the
    # first COUNT_CAP matches only.
    total_capped: bool = False


# Exact counts up to this many matches, then "10.000+": a word found in most of the
# catalogue costs what 10,000 matches cost, whatever the size of the catalogue.
COUNT_CAP = 10_000
