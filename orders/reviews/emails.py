"""E-mails of the trust app to the lembaga, sent by the outbox (``orders.reviews.notifications``)."""

from django.urls import reverse
from django.utils.text import Truncator

from orders.emails import lembaga_members_mail, site_url
from shop import outbox

from .models import Review

COMMENT_MAX_CHARS = 300  # the e-mail quotes the start; the portal shows it whole


@outbox.handler
def seller_new_review_email_send(*, review_id: int) -> int:
    """Tell the lembaga's members about a new review, with a link to answer it.

    Nothing for a review staff hid before the e-mail went out. Answers how many
    e-mails were sent.
    """
    review = (
        Review.objects.select_related("product", "seller", "order").filter(pk=review_id).first()
    )
    if review is None or review.is_hidden:
        return 0
    context = {
        "review": review,
        "stars": "★" * review.rating + "☆" * (5 - review.rating),
        "comment": Truncator(review.comment).chars(COMMENT_MAX_CHARS),
        "reply_url": f"{site_url()}{reverse('reviews:seller-reviews')}#ulasan-{review.pk}",
    }
    return lembaga_members_mail(
        seller_id=review.seller_id, template="reviews/email/seller_new_review", context=context
    )
