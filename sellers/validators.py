"""Checks of identifiers and uploaded files, shared by services and forms."""

import re
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from shop.private_files import JPEG, PDF, PNG

from .errors import SellerErrorCode

DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_UPLOAD_MAX_PIXELS = 40_000_000
_DIGITS = re.compile(r"[\s.\-]")

_IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG}


def upload_max_bytes() -> int:
    return int(getattr(settings, "SELLER_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def upload_max_pixels() -> int:
    return int(getattr(settings, "SELLER_UPLOAD_MAX_PIXELS", DEFAULT_UPLOAD_MAX_PIXELS))


def clean_nib(raw: str) -> str:
    """A Nomor Induk Berusaha is 13 digits (OSS RBA)."""
    nib = _DIGITS.sub("", raw or "")
    if not nib:
        raise ValidationError(_("NIB wajib diisi."), code=SellerErrorCode.REQUIRED)
    if not (nib.isdigit() and len(nib) == 13):
        raise ValidationError(
            _("NIB harus 13 digit angka, contoh 9120001234567."), code=SellerErrorCode.INVALID
        )
    return nib


def clean_npwp(raw: str) -> str:
    """An NPWP is 15 digits (old form) or 16 digits (NIK-based); optional."""
    npwp = _DIGITS.sub("", raw or "")
    if npwp and not (npwp.isdigit() and len(npwp) in (15, 16)):
        raise ValidationError(_("NPWP harus 15 atau 16 digit angka."), code=SellerErrorCode.INVALID)
    return npwp


def clean_bank_account_number(raw: str) -> str:
    number = _DIGITS.sub("", raw or "")
    if number and not (number.isdigit() and 6 <= len(number) <= 20):
        raise ValidationError(
            _("Nomor rekening harus 6 sampai 20 digit angka."), code=SellerErrorCode.INVALID
        )
    return number


def sniff_upload(file, *, images_only: bool = False, max_bytes: int | None = None) -> str:
    """Return the content type of ``file`` judged by its bytes, never its name.

    PDFs must start with the ``%PDF-`` signature; images must open and verify
    with Pillow as JPEG or PNG. Anything else, anything over ``max_bytes``
    (default: setting ``SELLER_UPLOAD_MAX_BYTES``, 5 MB) and any image whose
    header claims more than ``SELLER_UPLOAD_MAX_PIXELS`` pixels (a
    decompression bomb: a small file that would fill the memory) is refused.
    """
    limit = max_bytes if max_bytes is not None else upload_max_bytes()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > limit:
        raise ValidationError(
            _("Berkas terlalu besar: paling besar %(mb)s MB."),
            code=SellerErrorCode.FILE_TOO_LARGE,
            params={"mb": round(limit / 1024 / 1024, 1)},
        )
    if size == 0:
        raise ValidationError(_("Berkas kosong."), code=SellerErrorCode.INVALID_FILE_TYPE)
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not images_only and head.startswith(b"%PDF-"):
        return PDF
    kind, pixels = None, 0
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; we refuse below ours.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind = image.format
                pixels = image.width * image.height
                if pixels <= upload_max_pixels():
                    image.verify()
    except Image.DecompressionBombError:
        pixels = upload_max_pixels() + 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        file.seek(0)
    if pixels > upload_max_pixels():
        raise ValidationError(
            _("Gambar terlalu besar: paling banyak %(mp)s megapiksel."),
            code=SellerErrorCode.IMAGE_TOO_LARGE,
            params={"mp": upload_max_pixels() // 1_000_000 or 1},
        )
    if kind in _IMAGE_FORMATS:
        return _IMAGE_FORMATS[kind]
    message = (
        _("Berkas harus gambar JPEG atau PNG.")
        if images_only
        else _("Berkas harus PDF, JPEG atau PNG.")
    )
    raise ValidationError(message, code=SellerErrorCode.INVALID_FILE_TYPE)
