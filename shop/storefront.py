"""What the storefront pages show, gathered from the apps below."""

from typing import Any

from django.urls import reverse

from catalog.search import SearchQuery, search_products
from catalog.selectors import category_list, products_by_ids, products_visible
from promotions.selectors import campaigns_running
from sellers.models import Seller
from sellers.selectors import regency_list

HOME_PRODUCTS = 8


def home_context() -> dict[str, Any]:
    """Running campaigns, the newest products, the top of the taxonomy and every kabupaten."""
    newest = search_products(
        SearchQuery(
            sort="CREATED",
            descending=True,
            limit=HOME_PRODUCTS,
            with_facets=False,
            with_suggestions=False,
        )
    )
    return {
        "campaigns": campaigns_running()[:3],
        "products": products_by_ids(newest.ids),
        "categories": [c for c in category_list() if c.parent_id is None],
        "regencies": list(regency_list()),
    }


def sitemap_entries() -> list[tuple[str, Any]]:
    """Every public page worth indexing as (path, last change): products, lembaga, categories.

    Only what an anonymous visitor may see: published products of active
    lembaga (``products_visible``), active lembaga, and every category.
    """
    entries: list[tuple[str, Any]] = [(reverse("shop:home"), None)]
    entries += [
        (reverse("catalog:product_detail", args=[slug]), updated)
        for slug, updated in products_visible()
        .order_by("pk")
        .values_list("slug", "updated_at")[:40_000]
    ]
    entries += [
        (reverse("sellers:public", args=[slug]), updated)
        for slug, updated in Seller.objects.filter(status=Seller.Status.ACTIVE)
        .order_by("pk")
        .values_list("slug", "updated_at")
    ]
    entries += [
        (f"{reverse('catalog:product_list')}?kategori={c.slug}", None) for c in category_list()
    ]
    return entries
