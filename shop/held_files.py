"""A chosen file survives a form error: it is held in private storage under a signed token.

A browser never re-sends a file: when a form comes back with an error (a date typo
next to a certificate scan), the file input is empty again and a seller on a slow
connection uploads the scan twice, or does not notice and sends the form without it.
So a form with ``HeldFilesMixin`` keeps each file it received when it is shown again
with errors (``form.hold_files()``): the bytes go to the private store as
``held/<random>``, the page carries a hidden ``<field>__held`` token signed with the
site's key (so nobody can point it at another file) and says "Berkas X sudah
dipilih". The next post without a new file takes the held one; a new file replaces
it. Tokens expire after ``HELD_FILE_MAX_AGE`` seconds; held files older than that may
be deleted by any clean-up of ``held/`` (nothing reads them after).
"""

import secrets

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.datastructures import MultiValueDict

from .private_files import private_storage

HELD_FILE_MAX_AGE = 24 * 3600
_SALT = "shop.held_files"
SUFFIX = "__held"


def file_hold(upload: UploadedFile) -> str:
    """Store ``upload`` privately and answer a signed token that gives it back."""
    name = private_storage().save(f"held/{secrets.token_hex(16)}", upload)
    upload.seek(0)
    return signing.dumps(
        {"path": name, "name": upload.name or "", "type": upload.content_type or ""}, salt=_SALT
    )


def file_take(token: str) -> UploadedFile | None:
    """The file a token holds, or None for a bad, expired or lost one."""
    try:
        held = signing.loads(token, salt=_SALT, max_age=HELD_FILE_MAX_AGE)
    except signing.BadSignature:
        return None
    storage = private_storage()
    try:
        with storage.open(held["path"], "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return None
    return SimpleUploadedFile(held["name"], content, held["type"] or None)


class HeldFilesMixin:
    """For a Django form with file fields: take held files in, hold received ones on error.

    ``field.field.held`` is ``(token, file name)`` on a field holding a file; the
    shared form template (``shop/_form.html``) renders the hidden token and the note.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        files = MultiValueDict(self.files.lists()) if self.files else MultiValueDict()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            token = self.data.get(key + SUFFIX, "")
            if not token or files.get(key):
                continue
            upload = file_take(token)
            if upload is not None:
                files[key] = upload
                field.held = (token, upload.name)
        self.files = files

    def hold_files(self) -> None:
        """After an error: hold every file this form received, so the page can keep it."""
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name)) if self.files else None
            if name in self.errors:  # the file itself was refused: choose another
                field.held = None
                continue
            if isinstance(upload, UploadedFile) and not getattr(field, "held", None):
                field.held = (file_hold(upload), upload.name)
