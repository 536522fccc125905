import io
import json
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import ProductMedia
from catalog.tasks import product_media_thumbnails_make
from shop.tokens import token_issue
from tests.files import image_upload
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CREATE = """
mutation($product: ID!, $image: Upload!, $alt: String) {
  productMediaCreate(product: $product, image: $image, alt: $alt) {
    media { id url thumbnailUrl alt width height }
    errors { field code message }
  }
}
"""


def _upload(client, user, product, upload, alt="Jagung titi di atas tampah"):
    operations = {
        "query": CREATE,
        "variables": {"product": gid_of("Product", product.pk), "image": None, "alt": alt},
    }
    response = client.post(
        "/graphql/",
        {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.image"]}),
            "0": upload,
        },
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user, kind='access')}",
    )
    return response.json()["data"]["productMediaCreate"]


def _exif_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "S", 2: (8.0, 37.0, 12.0), 3: "E", 4: (122.0, 12.0, 5.0)}  # GPS IFD
    return exif.tobytes()


def test_jpeg_is_stored_without_exif_rotated_with_webp_thumbnails(
    client, pengurus, make_product, django_capture_on_commit_callbacks
):
    product = make_product()
    upload = image_upload("JPEG", size=(1200, 600), exif=_exif_with_gps_and_rotation())
    with django_capture_on_commit_callbacks(execute=True):
        data = _upload(client, pengurus, product, upload)
    assert data["errors"] == []
    media = ProductMedia.objects.get()
    assert (data["media"]["width"], data["media"]["height"]) == (600, 1200)
    assert data["media"]["alt"] == "Jagung titi di atas tampah"
    assert data["media"]["url"].startswith("http://testserver/media/products/")
    with media.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (600, 1200)
        assert dict(stored.getexif()) == {}
        handle.seek(0)
        assert b"Exif" not in handle.read()
    # Thumbnails were made by the task after commit (eager in tests).
    media.refresh_from_db()
    assert sorted(media.thumbnails, key=int) == ["200", "400", "800"]
    storage = media.image.storage
    with storage.open(media.thumbnails["200"]) as handle, Image.open(handle) as thumb:
        assert (thumb.format, thumb.size) == ("WEBP", (200, 400))


def test_png_and_webp_are_accepted(client, pengurus, make_product):
    product = make_product()
    assert _upload(client, pengurus, product, image_upload("PNG"))["errors"] == []
    assert _upload(client, pengurus, product, image_upload("WEBP"))["errors"] == []
    assert ProductMedia.objects.count() == 2


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_stored_without_exif_gps(client, pengurus, make_product, fmt):
    product = make_product()
    upload = image_upload(fmt, size=(300, 200), exif=_exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(upload.read())) as sent:
        assert 0x8825 in sent.getexif()  # the upload really carries GPS
    upload.seek(0)
    data = _upload(client, pengurus, product, upload)
    assert data["errors"] == []
    media = ProductMedia.objects.get()
    with media.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == fmt
        assert stored.size == (200, 300)  # the orientation was applied first
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        handle.seek(0)
        raw = handle.read()
    assert b"eXIf" not in raw
    assert b"EXIF" not in raw
    assert b"Exif" not in raw


def test_thumbnail_task_called_explicitly_is_idempotent(
    pengurus, make_product, django_capture_on_commit_callbacks
):
    from catalog.services import product_media_create

    product = make_product()
    with django_capture_on_commit_callbacks(execute=False):
        media = product_media_create(user=pengurus, product=product, image=image_upload("PNG"))
    assert ProductMedia.objects.get().thumbnails == {}
    first = product_media_thumbnails_make(media.pk)
    second = product_media_thumbnails_make(media.pk)
    assert first == second
    assert set(first) == {"200", "400", "800"}
    media.refresh_from_db()
    assert media.thumbnails == first
    assert product_media_thumbnails_make(999999) == {}


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("foto.jpg", b"bukan gambar sama sekali", "image/jpeg"),
        SimpleUploadedFile("foto.pdf", b"%PDF-1.4", "application/pdf"),
    ],
)
def test_a_non_image_is_refused(client, pengurus, make_product, upload):
    product = make_product()
    data = _upload(client, pengurus, product, upload)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("image", "NOT_AN_IMAGE")]
    assert ProductMedia.objects.count() == 0


def test_gif_and_bmp_are_refused(client, pengurus, make_product):
    product = make_product()
    for fmt in ("GIF", "BMP"):
        data = _upload(client, pengurus, product, image_upload(fmt))
        assert [(e["field"], e["code"]) for e in data["errors"]] == [("image", "NOT_AN_IMAGE")]
    assert ProductMedia.objects.count() == 0


def test_an_oversized_file_is_refused(client, pengurus, make_product, settings):
    settings.CATALOG_IMAGE_MAX_BYTES = 1024
    product = make_product()
    noise = io.BytesIO()
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(noise, "PNG")
    upload = SimpleUploadedFile("besar.png", noise.getvalue(), "image/png")
    data = _upload(client, pengurus, product, upload)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("image", "FILE_TOO_LARGE")]
    assert ProductMedia.objects.count() == 0


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def test_a_decompression_bomb_is_refused_from_its_header(client, pengurus, make_product):
    product = make_product()
    upload = SimpleUploadedFile("bom.png", _bomb_png(60_000, 60_000), "image/png")
    assert len(upload) < 200
    data = _upload(client, pengurus, product, upload)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("image", "IMAGE_TOO_LARGE")]
    assert ProductMedia.objects.count() == 0


def test_pixel_limit_is_a_setting(client, pengurus, make_product, settings):
    settings.CATALOG_IMAGE_MAX_PIXELS = 100 * 100
    product = make_product()
    data = _upload(client, pengurus, product, image_upload("PNG", size=(101, 100)))
    assert data["errors"][0]["code"] == "IMAGE_TOO_LARGE"


def test_outsider_cannot_add_images(client, make_user, make_product):
    product = make_product()
    data = _upload(client, make_user(), product, image_upload("PNG"))
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert ProductMedia.objects.count() == 0


def test_thumbnail_names_carry_a_hash_of_their_bytes_so_they_may_be_cached_forever(
    pengurus, make_product, django_capture_on_commit_callbacks, settings
):
    import re

    from catalog.services import product_media_create

    product = make_product()
    with django_capture_on_commit_callbacks(execute=False):
        media = product_media_create(user=pengurus, product=product, image=image_upload("PNG"))
    first = product_media_thumbnails_make(media.pk)
    assert re.fullmatch(
        rf"products/{product.pk}/thumbs/{media.pk}-400-[0-9a-f]{{12}}\.webp", first["400"]
    )
    storage = media.image.storage
    # other widths: other bytes, other names; the old files are removed
    settings.CATALOG_THUMBNAIL_WIDTHS = [300]
    second = product_media_thumbnails_make(media.pk)
    assert list(second) == ["300"]
    assert not storage.exists(first["400"])
    assert storage.exists(second["300"])
    assert settings.MEDIA_CACHE_CONTROL == "public, max-age=31536000, immutable"
