"""Catalog writes: products, variants, media, certificates, publication and stock.

Every service checks its input fully before it writes, writes inside one
transaction, and queues the search re-index (and other background work)
after commit.
"""

from .categories import (
    category_products_recheck,
    category_rules_update,
)
from .certificates import (
    certificate_create,
    certificate_review,
    certificates_expiry_check,
    products_enforce_legality,
)
from .designation import (
    DEFAULT_DECREE_ISSUER,
    product_assessment_submit,
    product_designate,
)
from .media import (
    IMAGE_FORMATS,
    image_clean,
    product_media_create,
    product_media_thumbnails,
)
from .products import (
    PRODUCT_TEXT_FIELDS,
    product_certificates,
    product_create,
    product_publish,
    product_update,
    product_variant_create,
    product_variant_update,
)
from .stock import (
    stock_location_ensure_for_seller,
    stock_set,
)
from .wishlist import wishlist_add, wishlist_remove

__all__ = (
    "DEFAULT_DECREE_ISSUER",
    "IMAGE_FORMATS",
    "PRODUCT_TEXT_FIELDS",
    "category_products_recheck",
    "category_rules_update",
    "certificate_create",
    "certificate_review",
    "certificates_expiry_check",
    "image_clean",
    "product_assessment_submit",
    "product_certificates",
    "product_create",
    "product_designate",
    "product_media_create",
    "product_media_thumbnails",
    "product_publish",
    "product_update",
    "product_variant_create",
    "product_variant_update",
    "products_enforce_legality",
    "stock_location_ensure_for_seller",
    "stock_set",
    "wishlist_add",
    "wishlist_remove",
)
