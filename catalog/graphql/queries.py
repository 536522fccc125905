import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql_relay import cursor_to_offset, offset_to_cursor

from catalog import selectors
from catalog.errors import CatalogErrorCode
from catalog.offers import campaign_product_ids
from catalog.search import SearchQuery, SearchResult, search_products
from shop.graphql.base import (
    enum_value,
    field_error,
    query_pk,
    selected_fields,
    validation_error_items,
)

from .types import (
    CategoryType,
    CertificateTypeEnum,
    ProductCountableConnection,
    ProductType,
    StockLocationKindEnum,
    StockLocationType,
    facets_of,
)


def _pk(global_id: str | None, type_name: str, field: str) -> int | None:
    return query_pk(global_id, type_name, field=field, code=CatalogErrorCode.NOT_FOUND)


class ProductSortField(graphene.Enum):
    NAME = "NAME"
    PRICE = "PRICE"
    CREATED = "CREATED"
    RELEVANCE = "RELEVANCE"
    RATING = "RATING"
    BEST_SELLING = "BEST_SELLING"

    class Meta:
        description = (
            "What to sort products by. RATING: buyers' average rating, unrated last. "
            "BEST_SELLING: units sold in paid orders (DESC: the best sellers first)."
        )


class SortDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"

    class Meta:
        description = "Sort direction."


class ProductSortingInput(graphene.InputObjectType):
    field = ProductSortField(required=True, description="Sort key.")
    direction = SortDirection(description="ASC (default) or DESC.")


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Words to search for.")
    regency = graphene.String(description="Regency code of the origin village, e.g. 53.07.")
    zone = graphene.ID(description="An OVOP zone.")
    category = graphene.ID(description="A category (its sub-categories included).")
    seller = graphene.ID(description="A seller.")
    certifications = graphene.List(
        graphene.NonNull(CertificateTypeEnum), description="Holding every one of these types."
    )
    price_gte = graphene.Int(description="Lowest price at least.")
    price_lte = graphene.Int(description="Lowest price at most.")
    in_stock = graphene.Boolean(description="Only products available online.")
    ovop_designated = graphene.Boolean(
        description="Only products designated OVOP products by the province (Pergub II.3)."
    )
    campaign = graphene.ID(description="Products of a campaign.")


class StockLocationFilterInput(graphene.InputObjectType):
    seller = graphene.ID(description="Locations of this seller.")
    kind = StockLocationKindEnum(description="SELLER or NTT_MART.")


class CatalogQueries(graphene.ObjectType):
    product = graphene.Field(
        ProductType,
        slug=graphene.String(description="URL slug."),
        id=graphene.ID(description="Global ID."),
        description="One product: public when published by an active seller; its managers "
        "and programme staff see it in any state.",
    )
    products = graphene.Field(
        ProductCountableConnection,
        required=True,
        first=graphene.Int(description="Page size, at most 100 (default 20)."),
        after=graphene.String(description="Cursor of the last row of the previous page."),
        filter=ProductFilterInput(description="Filters."),
        sort_by=ProductSortingInput(description="Sorting; relevance by default."),
        description="Published products of active sellers, searched, filtered and faceted.",
    )
    categories = graphene.List(
        graphene.NonNull(CategoryType), required=True, description="The OVOP taxonomy."
    )
    stock_locations = graphene.List(
        graphene.NonNull(StockLocationType),
        required=True,
        filter=StockLocationFilterInput(description="Filters."),
        description="Stock locations: sellers' own and NTT Mart outlets.",
    )

    @staticmethod
    def resolve_product(root, info, slug=None, id=None):
        if not slug and not id:
            raise field_error(
                _("Sebutkan slug atau id."), code=CatalogErrorCode.REQUIRED, field="slug"
            )
        pk = _pk(id, "Product", "id") if id else None
        product, _preview = selectors.product_get(user=info.context.user, slug=slug, pk=pk)
        return product

    @staticmethod
    def resolve_products(root, info, first=None, after=None, filter=None, sort_by=None):
        first, offset = page_window(first, after)
        filter = filter or {}
        # Facets and the total cost a scan of every match: only when the client asks.
        # (The API has no suggestions: never computed here.)
        selected = selected_fields(info)
        campaign = _pk(filter.get("campaign"), "Campaign", "campaign")
        product_ids = None
        if campaign is not None:
            product_ids = tuple(campaign_product_ids(campaign) or ())
        query = SearchQuery(
            text=(filter.get("search") or "").strip(),
            regency=filter.get("regency") or None,
            zone=_pk(filter.get("zone"), "Zone", "zone"),
            category=_pk(filter.get("category"), "Category", "category"),
            seller=_pk(filter.get("seller"), "Seller", "seller"),
            certifications=tuple(enum_value(c) for c in filter.get("certifications") or ()),
            price_gte=filter.get("price_gte"),
            price_lte=filter.get("price_lte"),
            in_stock=filter.get("in_stock"),
            ovop_designated=filter.get("ovop_designated"),
            campaign=campaign,
            product_ids=product_ids,
            sort=enum_value(sort_by.field) if sort_by else "RELEVANCE",
            descending=bool(sort_by and enum_value(sort_by.get("direction")) == "DESC"),
            offset=offset,
            limit=first,
            with_facets="facets" in selected,
            with_suggestions=False,
            with_total=bool({"totalCount", "totalCountCapped"} & selected),
        )
        return products_connection(query)

    @staticmethod
    def resolve_categories(root, info):
        return selectors.category_list()

    @staticmethod
    def resolve_stock_locations(root, info, filter=None):
        filter = filter or {}
        return selectors.stock_location_list(
            seller_id=_pk(filter.get("seller"), "Seller", "seller"),
            kind=enum_value(filter.get("kind")),
        )


# No client pages this deep; a larger cursor offset is refused before it reaches SQL OFFSET.
MAX_CURSOR_OFFSET = 100_000


def page_window(first: int | None, after: str | None) -> tuple[int, int]:
    """Validate ``first``/``after`` and answer (page size, offset)."""
    first = 20 if first is None else first
    if first < 1 or first > 100:
        # The search service pages by ``limit``, a name the API does not have: say ``first``.
        raise field_error(
            _("first harus antara 1 dan 100."), code=CatalogErrorCode.INVALID, field="first"
        )
    position = cursor_to_offset(after) if after else -1
    if after and (position is None or position < 0 or position >= MAX_CURSOR_OFFSET):
        raise field_error(_("Kursor tidak valid."), code=CatalogErrorCode.INVALID, field="after")
    return first, position + 1


def products_connection(query: SearchQuery) -> ProductCountableConnection:
    """One page of products from the search service, loaded with a constant number of queries.

    A refused search (ValidationError with a code) becomes a GraphQL error carrying that
    code and the camelCased field, so clients can tell QUERY_TOO_LONG from INVALID.
    """
    result = _search(query)
    rows = selectors.products_by_ids(result.ids, with_relations=False)
    conn = product_page(rows, offset=query.offset, page_ids=len(result.ids), total=result.total)
    conn.facets = facets_of(result)
    conn.total_capped = result.total_capped
    return conn


def _search(query: SearchQuery) -> SearchResult:
    try:
        return search_products(query)
    except ValidationError as error:
        field, code, message = validation_error_items(error)[0]
        raise field_error(message, code=code, field=field) from None


def product_page(
    rows: list, *, offset: int, page_ids: int, total: int, facet_query: SearchQuery | None = None
) -> ProductCountableConnection:
    """A connection over one page of loaded products. ``page_ids`` is how many ids the
    page held (a product hidden since indexing still moves the cursor); ``facet_query``
    computes the facets only if a client asks for them."""
    edges = [
        ProductCountableConnection.Edge(node=p, cursor=offset_to_cursor(offset + i))
        for i, p in enumerate(rows)
    ]
    conn = ProductCountableConnection(
        edges=edges,
        page_info=graphene.relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=offset > 0,
            has_next_page=offset + page_ids < total,
        ),
    )
    conn.length = total
    conn.facet_query = facet_query
    return conn
