"""A real Celery worker over Redis makes the thumbnails queued after the upload commits."""

import re
import time

import pytest

from catalog.models import ProductMedia
from catalog.services import product_media_create
from tests.files import image_upload


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thumbnails_are_made_by_a_worker_after_commit(redis_celery, pengurus, make_product):
    product = make_product()
    media = product_media_create(user=pengurus, product=product, image=image_upload("PNG"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        media.refresh_from_db()
        if media.thumbnails:
            break
        time.sleep(0.2)
    assert sorted(media.thumbnails, key=int) == ["200", "400", "800"]
    name = ProductMedia.objects.get().thumbnails["400"]
    assert re.search(rf"/{media.pk}-400-[0-9a-f]{{12}}\.webp$", name)
