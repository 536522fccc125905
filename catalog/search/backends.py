"""Backend selection. A plain database backend stands in until issue #5 lands."""

from .interface import SearchQuery, SearchResult


class DatabaseBackend:
    def search(self, query: SearchQuery) -> SearchResult:
        from django.db.models import Min

        from catalog.selectors import products_in_stock, products_visible

        qs = products_visible()
        if query.text:
            qs = qs.filter(name__icontains=query.text)
        if query.regency:
            qs = qs.filter(origin_village__code__startswith=query.regency + ".")
        if query.category:
            qs = qs.filter(category_id=query.category)
        if query.seller:
            qs = qs.filter(seller_id=query.seller)
        if query.zone:
            qs = qs.filter(seller__zone_id=query.zone)
        if query.in_stock:
            qs = products_in_stock(qs)
        qs = qs.annotate(min_price=Min("variants__price"))
        if query.price_gte is not None:
            qs = qs.filter(min_price__gte=query.price_gte)
        if query.price_lte is not None:
            qs = qs.filter(min_price__lte=query.price_lte)
        order = {"NAME": "name", "PRICE": "min_price", "CREATED": "created_at"}.get(
            query.sort, "name"
        )
        qs = qs.order_by(("-" if query.descending else "") + order, "pk")
        total = qs.count()
        ids = list(qs.values_list("pk", flat=True)[query.offset : query.offset + query.limit])
        return SearchResult(ids=ids, total=total)

    def index_later(self, product_ids: list[int]) -> None:
        return None


def get_backend() -> DatabaseBackend:
    return DatabaseBackend()
