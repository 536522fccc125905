"""What the lembaga is told about reviews of its products, and through which channel.

Services call one function per notification and never a task: the e-mail
(``orders.reviews.emails``) is written to the transactional outbox
(``shop.outbox``) with the review and sent after the commit.
"""

from shop import outbox

from .models import Review

NEW_REVIEW_EMAIL = "orders.reviews.emails.seller_new_review_email_send"


def notify_seller_new_review(review: Review) -> None:
    """Tell the lembaga's members a buyer reviewed one of its products."""
    outbox.notify(NEW_REVIEW_EMAIL, review_id=review.pk)
