"""Review blocks the order, product and lembaga pages include."""

from django import template
from django.conf import settings
from django.utils import timezone

from shop.access import request_access

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/_order_reviews.html", takes_context=True)
def order_reviews(context, order):
    """On the buyer's order page: a form per product not yet reviewed while the window
    is open, the reviews written, and the invoice link."""
    request = context["request"]
    is_buyer = request_access(request).is_buyer_of(order)
    deadline = selectors.order_review_deadline(order=order) if is_buyer else None
    lines = selectors.order_review_lines(order=order) if deadline is not None else []
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "order": order,
        "lines": lines,
        "deadline": deadline,
        "window_open": deadline is not None and timezone.now() <= deadline,
        "max_photos": settings.REVIEW_MAX_PHOTOS,
        "ratings": [5, 4, 3, 2, 1],
    }


@register.inclusion_tag("reviews/_product_reviews.html", takes_context=True)
def product_reviews(context, product, limit: int = 20):
    """The newest visible reviews of a product, with photos and the lembaga's reply."""
    request = context["request"]
    return {
        "request": request,
        "product": product,
        "reviews": list(selectors.reviews_visible(product=product)[:limit]),
        "may_moderate": request_access(request).may_moderate_reviews(),
    }


@register.inclusion_tag("reviews/_seller_standing.html")
def seller_standing_card(seller):
    """The lembaga's rating, share shipped on time and complaint response time."""
    return {"seller": seller, "standing": selectors.seller_standing(seller=seller)}
