from celery import shared_task

from shop import outbox

from . import services
from .models import ProductMedia


@outbox.handler
@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def product_media_thumbnails_make(self, media_id: int) -> dict[str, str]:
    """Make the WebP thumbnails of one product image; a deleted image is skipped."""
    media = ProductMedia.objects.filter(pk=media_id).first()
    if media is None:
        return {}
    return services.product_media_thumbnails(media=media)


@shared_task
def certificates_expiry_check() -> dict[str, int]:
    """Daily: unpublish products whose required certificate expired, warn 30 days ahead."""
    return services.certificates_expiry_check()
