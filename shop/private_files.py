"""Private files: documents only some people may read (certificate scans, founding papers).

They live in the ``private`` storage (``STORAGES["private"]``): a directory
outside ``MEDIA_ROOT`` (``PRIVATE_MEDIA_ROOT``), or a private prefix of the
bucket when media are on S3, so no web server or CDN hands them out. The
store names them itself (random hex plus the extension of the content type
sniffed from the bytes: PDF, JPEG or PNG), so an uploaded name such as
``c.html`` never reaches the disk. Each app serves its own documents through
a view that checks who may see them and answers with ``private_file_response``:
an attachment, never rendered by the browser.
"""

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.functional import cached_property

from .tokens import TokenError, token_user

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", XLSX: "xlsx"}
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}
UNKNOWN = "application/octet-stream"


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage at ``PRIVATE_MEDIA_ROOT``, read when first used; no URLs."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the view that serves them.")


def private_storage() -> Storage:
    """The storage of private documents (a callable, so tests and settings can swap it)."""
    return storages["private"]


def private_file_name(*, content_type: str) -> str:
    """A fresh random file name whose extension follows the sniffed ``content_type``."""
    return f"{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"


def private_content_type(name: str) -> str:
    """The content type a stored name stands for (the store chose its extension)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, UNKNOWN)


def private_file_response(
    *, file: FieldFile, download_name: str, content_type: str | None = None
) -> FileResponse:
    """Answer a private file as a download that no browser renders or caches for others."""
    if content_type not in EXTENSIONS:
        content_type = private_content_type(file.name)
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:  # a row whose file was lost: nothing to serve
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name}.{EXTENSIONS.get(content_type, 'bin')}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def request_viewer(request: HttpRequest):
    """Who asks for a file: the session's user, or the user of a Bearer access token.

    API clients get document URLs from GraphQL and follow them with their token.
    A bad token counts as nobody (the views answer 404 alike).
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        try:
            return token_user(token=token.strip())
        except TokenError:
            return None
    return request.user if request.user.is_authenticated else None
