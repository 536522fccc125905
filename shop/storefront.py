"""What the storefront pages show, gathered from the apps below."""

from typing import Any

from catalog.search import SearchQuery, search_products
from catalog.selectors import category_list, products_by_ids
from promotions.selectors import campaigns_running
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
