"""The Elasticsearch search backend (chosen by ``ELASTICSEARCH_URL``).

The only module that imports ``elasticsearch``/``elasticsearch_dsl``. Products
live in versioned indices (``<alias>-<timestamp>``) behind one alias; a full
reindex builds a new index, then swaps the alias in one atomic call and drops
the old index, so searches never see a half-built index. Only visible products
are indexed; an unpublished product or one of a suspended seller is deleted.
"""

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Min, Prefetch
from django.utils import timezone
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import Index, Mapping, Search, analyzer, token_filter
from elasticsearch_dsl import Q as EQ
from elasticsearch_dsl import field as f

from catalog.models import Certificate, Product
from catalog.selectors import products_in_stock, products_visible

from .common import (
    PRICE_BANDS,
    build_facets,
    category_with_descendants,
    empty_facets,
    price_band,
)
from .interface import SearchQuery, SearchResult
from .text import query_words, synonym_lines

logger = logging.getLogger(__name__)

# Errors that mean "the cluster is not answering properly": callers fall back.
UNAVAILABLE = (es_exceptions.TransportError, es_exceptions.ApiError)
MAX_WINDOW = 10_000  # Elasticsearch's index.max_result_window


def alias_name() -> str:
    return getattr(settings, "ELASTICSEARCH_INDEX", "") or "ovop-products"


def client() -> Elasticsearch:
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=5, max_retries=0)


# -- the index: analysis and mapping, as data ----------------------------------
id_stop = token_filter("id_stop", "stop", stopwords="_indonesian_")
id_stem = token_filter("id_stem", "stemmer", language="indonesian")
id_synonyms = token_filter("id_synonyms", "synonym_graph", synonyms=synonym_lines(), lenient=True)
# Index time: no synonyms (a synonym list change needs no reindex).
id_text = analyzer(
    "id_text", tokenizer="standard", filter=["lowercase", "asciifolding", id_stop, id_stem]
)
# Search time: synonyms first (they are written in surface forms), then stemming.
id_search = analyzer(
    "id_search",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", id_synonyms, id_stop, id_stem],
)
simple_folded = analyzer(
    "simple_folded", tokenizer="standard", filter=["lowercase", "asciifolding"]
)


def text_field(**extra) -> f.Text:
    return f.Text(analyzer=id_text, search_analyzer=id_search, copy_to="all_text", **extra)


def mapping() -> Mapping:
    m = Mapping()
    m.field(
        "name", text_field(fields={"raw": f.Keyword(), "plain": f.Text(analyzer=simple_folded)})
    )
    m.field("category", text_field())
    m.field("seller", text_field())
    m.field("place", text_field(fields={"plain": f.Text(analyzer=simple_folded)}))
    m.field("description", text_field())
    m.field("all_text", f.Text(analyzer=id_text, search_analyzer=id_search))
    m.field("all_plain", f.Text(analyzer=simple_folded))
    m.field("regency", f.Keyword())
    m.field("category_id", f.Keyword())
    m.field("seller_id", f.Keyword())
    m.field("zone_id", f.Keyword())
    m.field("certificates", f.Keyword())
    m.field("price", f.Integer())
    m.field("rating", f.Float())
    m.field("price_band", f.Keyword())
    m.field("in_stock", f.Boolean())
    m.field("created_at", f.Date())
    m.field("units_sold", f.Integer())
    m.field("suggest", f.Completion(analyzer=simple_folded))
    return m


def index_definition(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=MAX_WINDOW)
    index.analyzer(id_text)
    index.analyzer(id_search)
    index.analyzer(simple_folded)
    index.mapping(mapping())
    return index


# -- documents -------------------------------------------------------------------
def documents(products: Iterable[Product]) -> Iterator[dict]:
    """Yield the Elasticsearch source of each product (as given by ``indexable``)."""
    today = timezone.localdate()
    for p in products:
        village = p.origin_village
        certs = [
            c
            for c in [*p.certificates.all(), *p.seller.certificates.all()]
            if c.expires_at is None or c.expires_at >= today
        ]
        place = [village.name, village.district.name, village.district.regency.name]
        yield {
            "_id": str(p.pk),
            "name": p.name,
            "category": " ".join(x for x in (p.category.name, p.category.name_en) if x),
            "seller": p.seller.name,
            "place": " ".join(place),
            "description": " ".join(
                x for x in (p.description, p.raw_material, p.technique, p.motif) if x
            ),
            "all_plain": " ".join([p.name, p.category.name, *place]),
            "regency": village.code[:5],
            "category_id": str(p.category_id),
            "seller_id": str(p.seller_id),
            "zone_id": str(p.seller.zone_id) if p.seller.zone_id else None,
            "certificates": sorted({c.type for c in certs}),
            "price": p.min_price,
            "rating": p.rating_average,
            "price_band": price_band(p.min_price),
            "in_stock": p.in_stock,
            "created_at": p.created_at.isoformat(),
            "units_sold": p.units_sold,
            "suggest": {"input": [p.name, *p.name.split()], "weight": 10},
        }


def indexable(product_ids: list[int] | None = None):
    """Visible products with what their documents need, in one query per relation."""
    qs = products_visible()
    if product_ids is not None:
        qs = qs.filter(pk__in=product_ids)
    approved = Certificate.objects.filter(status=Certificate.Status.APPROVED)
    in_stock = set(products_in_stock(qs).values_list("pk", flat=True))
    qs = (
        qs.select_related("category__parent__parent", "seller", "origin_village__district__regency")
        .prefetch_related(
            Prefetch("certificates", queryset=approved),
            Prefetch("seller__certificates", queryset=approved),
        )
        .annotate(min_price=Min("variants__price"))
        .order_by("pk")
    )
    for product in qs.iterator(chunk_size=500):
        product.in_stock = product.pk in in_stock
        yield product


# -- writing -------------------------------------------------------------------
class ReindexFailed(RuntimeError):
    """A full reindex left documents out: the new index was dropped, the alias kept."""


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def index_products(product_ids: list[int], es: Elasticsearch | None = None) -> bool:
    """Upsert the visible products among ``product_ids``; delete the others.

    Writes only into an index built by ``reindex_all``: when the alias does not exist
    yet, creating an index here would make Elasticsearch answer every search from the
    few products edited since, so this logs a warning and writes nothing (searches
    keep falling back to the database until ``manage.py search_reindex``). Returns
    whether it wrote.
    """
    es = es or client()
    alias = alias_name()
    if not es.indices.exists_alias(name=alias):
        logger.warning(
            "search: Elasticsearch alias %s does not exist; %d products not indexed there "
            "(searches answer from the database): run manage.py search_reindex",
            alias,
            len(product_ids),
        )
        return False
    visible = list(indexable(product_ids))
    actions = [{"_op_type": "index", "_index": alias, **doc} for doc in documents(visible)]
    gone = set(product_ids) - {p.pk for p in visible}
    actions += [{"_op_type": "delete", "_index": alias, "_id": str(pk)} for pk in sorted(gone)]
    helpers.bulk(es, actions, raise_on_error=False, refresh="wait_for")
    return True


def reindex_all(
    progress=None,
    batch_size: int = 500,
    es: Elasticsearch | None = None,
    bulk=helpers.streaming_bulk,
) -> str:
    """Build a new versioned index with every visible product, swap the alias to it, drop the old.

    The alias moves only to a complete index: if any document failed (or the bulk
    call itself raised) the new index is deleted and ``ReindexFailed`` (or that
    error) is raised, the alias still naming the previous index. ``bulk`` is
    ``helpers.streaming_bulk``'s signature (injectable for tests).
    """
    es = es or client()
    name = new_index_name()
    index_definition(name).create(using=es)
    actions = (
        {"_op_type": "index", "_index": name, **doc}
        for doc in documents(_counting(indexable(), progress))
    )
    try:
        failed = 0
        for ok, item in bulk(es, actions, chunk_size=batch_size, raise_on_error=False):
            if not ok:
                failed += 1
                if failed <= 10:
                    logger.warning("search: could not index %s", item)
        if failed:
            raise ReindexFailed(
                f"{failed} products could not be indexed into {name}; "
                "the index was deleted and the alias left as it was"
            )
        es.indices.refresh(index=name)
    except BaseException:
        es.indices.delete(index=name, ignore_unavailable=True)
        raise
    alias = alias_name()
    old = list(es.indices.get_alias(name=alias)) if es.indices.exists_alias(name=alias) else []
    swap = [{"remove": {"index": o, "alias": alias}} for o in old]
    es.indices.update_aliases(actions=[*swap, {"add": {"index": name, "alias": alias}}])
    for o in old:
        es.indices.delete(index=o, ignore_unavailable=True)
    return name


def _counting(items, progress):
    for item in items:
        yield item
        if progress:
            progress(1)


# -- reading -------------------------------------------------------------------
TEXT_FIELDS = ["name^4", "category^2", "place^2", "seller^2", "description"]


def build_search(query: SearchQuery) -> Search:
    """The Elasticsearch request for ``query`` (filters, scoring, facets, suggestions)."""
    s = Search(index=alias_name())
    words = query_words(query.text)
    if words:
        text = " ".join(words)
        required = EQ(
            "bool",
            should=[
                # exact words and synonyms, every word required
                EQ("match", all_text={"query": text, "operator": "and"}),
                # misspellings, every word required, no synonyms
                EQ(
                    "match",
                    all_plain={
                        "query": text,
                        "operator": "and",
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                    },
                ),
            ],
            minimum_should_match=1,
        )
        # scoring only: a name hit beats a category/place hit beats a description hit
        s = s.query(
            "bool",
            must=[required],
            should=[
                EQ("multi_match", query=text, fields=TEXT_FIELDS, type="best_fields"),
                EQ("match_phrase", name={"query": text, "boost": 2}),
            ],
        )
    filters = []
    if query.product_ids is not None:
        filters.append(EQ("ids", values=[str(i) for i in query.product_ids]))
    if query.regency:
        filters.append(EQ("term", regency=query.regency))
    if query.category is not None:
        filters.append(
            EQ("terms", category_id=[str(c) for c in category_with_descendants(query.category)])
        )
    if query.seller is not None:
        filters.append(EQ("term", seller_id=str(query.seller)))
    if query.zone is not None:
        filters.append(EQ("term", zone_id=str(query.zone)))
    for cert in query.certifications:
        filters.append(EQ("term", certificates=cert))
    if query.in_stock:
        filters.append(EQ("term", in_stock=True))
    if query.ovop_designated:
        # Designated products are few (dozens province-wide): an ids filter, no re-mapping.
        designated = Product.objects.filter(ovop_status=Product.OvopStatus.DESIGNATED)
        filters.append(
            EQ("ids", values=[str(pk) for pk in designated.values_list("pk", flat=True)])
        )
    price = {}
    if query.price_gte is not None:
        price["gte"] = query.price_gte
    if query.price_lte is not None:
        price["lte"] = query.price_lte
    if price:
        filters.append(EQ("range", price=price))
    if filters:
        s = s.filter("bool", filter=filters)
    direction = "desc" if query.descending else "asc"
    if query.sort == "PRICE":
        s = s.sort({"price": {"order": direction, "missing": "_last"}}, "name.raw")
    elif query.sort == "CREATED":
        s = s.sort({"created_at": {"order": direction}}, "name.raw")
    elif query.sort == "RATING":
        s = s.sort({"rating": {"order": direction, "missing": "_last"}}, "name.raw")
    elif query.sort == "BEST_SELLING":
        s = s.sort({"units_sold": {"order": direction, "missing": "_last"}}, "name.raw")
    elif query.sort == "NAME" or not words:
        s = s.sort({"name.raw": {"order": direction}})
    else:
        s = s.sort({"_score": {"order": "asc" if query.descending else "desc"}}, "name.raw")
    if query.with_facets:
        s.aggs.bucket("regency", "terms", field="regency", size=50)
        s.aggs.bucket("category", "terms", field="category_id", size=200)
        s.aggs.bucket("certificate", "terms", field="certificates", size=20)
        s.aggs.bucket("price", "terms", field="price_band", size=len(PRICE_BANDS) + 1)
    if words and query.with_suggestions:
        s = s.suggest(
            "names",
            " ".join(words),
            completion={
                "field": "suggest",
                "size": 5,
                "skip_duplicates": True,
                "fuzzy": {"fuzziness": "AUTO"},
            },
        )
    start = min(query.offset, MAX_WINDOW)
    end = min(query.offset + query.limit, MAX_WINDOW)
    s = s.extra(track_total_hits=True, _source=False)
    return s[start : max(end, start)]


def build_suggest(text: str, limit: int) -> Search:
    s = Search(index=alias_name()).extra(size=0, _source=False)
    return s.suggest(
        "names",
        text,
        completion={
            "field": "suggest",
            "size": limit,
            "skip_duplicates": True,
            "fuzzy": {"fuzziness": "AUTO"},
        },
    )


def _suggested(response, limit: int) -> list[str]:
    body = response.to_dict() if hasattr(response, "to_dict") else dict(response)
    names: list[str] = []
    for entry in body.get("suggest", {}).get("names", []):
        for option in entry.get("options", []):
            if option["text"] not in names:
                names.append(option["text"])
    return names[:limit]


def result_from_response(query: SearchQuery, response) -> SearchResult:
    """Turn an Elasticsearch response to ``build_search(query)`` into a SearchResult."""
    body = response.to_dict() if hasattr(response, "to_dict") else dict(response)
    hits = body.get("hits", {})
    ids = [int(hit["_id"]) for hit in hits.get("hits", [])]
    total = hits.get("total", {}).get("value", 0)
    facets = empty_facets()
    if query.with_facets:
        aggs = body.get("aggregations", {})

        def counts(name):
            return {b["key"]: b["doc_count"] for b in aggs.get(name, {}).get("buckets", [])}

        facets = build_facets(
            regency=counts("regency"),
            category=counts("category"),
            certificate=counts("certificate"),
            price=counts("price"),
        )
    return SearchResult(
        ids=ids,
        total=total,
        facets=facets,
        suggestions=_suggested(response, 5),
        backend="elasticsearch",
    )


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query: SearchQuery) -> SearchResult:
        return result_from_response(query, build_search(query).using(client()).execute())

    def suggest(self, text: str, limit: int) -> list[str]:
        return _suggested(build_suggest(text, limit).using(client()).execute(), limit)

    def index(self, product_ids: list[int]) -> None:
        index_products(product_ids)
