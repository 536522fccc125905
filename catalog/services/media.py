"""Product images: checked, cleaned of EXIF, thumbnailed in the background."""

import hashlib
import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.search import product_index_later
from shop import outbox

from ..errors import CatalogErrorCode
from ..models import (
    Product,
    ProductMedia,
)
from .common import field_error, require_manager

# Named, not imported: catalog.tasks imports these services.
THUMBNAILS_TASK = "catalog.tasks.product_media_thumbnails_make"
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def image_clean(upload: UploadedFile) -> tuple[ContentFile, str, tuple[int, int]]:
    """Check an upload is a real JPEG/PNG/WebP within limits; answer it re-encoded.

    The pixel count is read from the header before any decoding, so a
    decompression bomb is refused without being expanded. Re-encoding drops
    EXIF (GPS included) after the orientation it carries is applied.
    """
    if upload.size is not None and upload.size > settings.CATALOG_IMAGE_MAX_BYTES:
        raise field_error(
            "image",
            _("Berkas terlalu besar; maksimal %(mb)s MB.")
            % {"mb": settings.CATALOG_IMAGE_MAX_BYTES // (1024 * 1024)},
            CatalogErrorCode.FILE_TOO_LARGE,
        )
    not_image = field_error(
        "image",
        _("Berkas bukan gambar JPEG, PNG, atau WebP yang sah."),
        CatalogErrorCode.NOT_AN_IMAGE,
    )
    too_large = field_error(
        "image",
        _("Gambar terlalu besar; maksimal %(mp)s megapiksel.")
        % {"mp": settings.CATALOG_IMAGE_MAX_PIXELS // 1_000_000},
        CatalogErrorCode.IMAGE_TOO_LARGE,
    )
    upload.seek(0)
    raw = upload.read()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                fmt = probe.format
                width, height = probe.size
                if fmt not in IMAGE_FORMATS:
                    raise not_image
                if width * height > settings.CATALOG_IMAGE_MAX_PIXELS:
                    raise too_large
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise too_large from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise not_image from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=88)
    return ContentFile(out.getvalue()), IMAGE_FORMATS[fmt], image.size


@transaction.atomic
def product_media_create(
    *, user, product: Product, image: UploadedFile, alt: str = ""
) -> ProductMedia:
    """Store a cleaned product image; thumbnails are made by a task after commit."""
    require_manager(user=user, seller=product.seller)
    content, ext, (width, height) = image_clean(image)
    media = ProductMedia(
        product=product,
        width=width,
        height=height,
        alt=(alt or product.name).strip()[:255],
        position=product.media.count(),
    )
    media.image.save(f"{uuid.uuid4().hex}.{ext}", content, save=False)
    media.width, media.height = width, height
    media.save()
    outbox.later(THUMBNAILS_TASK, media_id=media.pk)
    product_index_later([product.pk])
    return media


def product_media_thumbnails(*, media: ProductMedia) -> dict[str, str]:
    """Write WebP thumbnails of every configured width and record their paths; idempotent."""
    storage = media.image.storage
    thumbs: dict[str, str] = {}
    with media.image.open("rb") as handle, Image.open(handle) as image:
        image.load()
        for width in settings.CATALOG_THUMBNAIL_WIDTHS:
            copy = image.copy()
            if copy.width > width:
                copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.convert("RGBA" if copy.mode in ("RGBA", "LA", "P") else "RGB").save(
                buffer, "WEBP", quality=82
            )
            data = buffer.getvalue()
            # The name carries a hash of the bytes: a URL never changes content, so
            # browsers and CDNs may keep it a year ("immutable", MEDIA_CACHE_CONTROL).
            digest = hashlib.sha256(data).hexdigest()[:12]
            path = f"products/{media.product_id}/thumbs/{media.pk}-{width}-{digest}.webp"
            thumbs[str(width)] = (
                path if storage.exists(path) else storage.save(path, ContentFile(data))
            )
    for old in set((media.thumbnails or {}).values()) - set(thumbs.values()):
        storage.delete(old)
    media.thumbnails = thumbs
    media.save(update_fields=["thumbnails"])
    return thumbs
