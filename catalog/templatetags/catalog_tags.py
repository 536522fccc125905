from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog import legality
from catalog.models import Certificate
from catalog.selectors import (
    product_all_certificates,
    products_of_seller_public,
    seller_certificates,
    seller_nib_used_elsewhere,
)

register = template.Library()


@register.filter
def thumbnail_url(media, size=400) -> str:
    """URL of the thumbnail nearest ``size`` pixels wide, or of the image itself."""
    if not media.thumbnails:
        return media.image.url
    width = min(media.thumbnails, key=lambda w: (int(w) < int(size), abs(int(w) - int(size))))
    return media.image.storage.url(media.thumbnails[width])


@register.filter
def thumbnail_srcset(media) -> str:
    """``srcset`` from the thumbnails already made (``a-200.webp 200w, a-400.webp 400w``)."""
    if not media.thumbnails:
        return ""
    return ", ".join(
        f"{media.image.storage.url(media.thumbnails[width])} {int(width)}w"
        for width in sorted(media.thumbnails, key=int)
    )


@register.filter
def price_range(product) -> tuple[int, int] | None:
    prices = [v.price for v in product.variants.all()]
    return (min(prices), max(prices)) if prices else None


@register.filter
def legal_certificates(product) -> list[Certificate]:
    today = timezone.localdate()
    return [c for c in product_all_certificates(product) if legality.certificate_is_valid(c, today)]


@register.filter
def min_age(category) -> int | None:
    return legality.category_min_buyer_age(category)


@register.filter
def localized_name(category) -> str:
    """The category's English name on English pages, when it has one."""
    if (get_language() or "").startswith("en") and category.name_en:
        return category.name_en
    return category.name


@register.simple_tag
def seller_products(seller) -> list:
    """The seller's public products, loaded in a fixed number of queries (for its public page)."""
    return products_of_seller_public(seller_id=seller.pk)


@register.simple_tag
def seller_valid_certificates(seller) -> list[Certificate]:
    """The lembaga's own approved, unexpired certificates (NIB, trademark, IG)."""
    today = timezone.localdate()
    return [
        c for c in seller_certificates(seller=seller) if legality.certificate_is_valid(c, today)
    ]


@register.simple_tag
def seller_review_more_warnings(seller, warnings) -> list[str]:
    """The sellers app's review warnings plus the catalog's: an NIB another lembaga holds."""
    names = seller_nib_used_elsewhere(seller=seller)
    if not names:
        return warnings
    return [
        *warnings,
        _("NIB %(nib)s juga tercatat sebagai sertifikat NIB milik: %(names)s.")
        % {"nib": seller.nib, "names": ", ".join(names)},
    ]
