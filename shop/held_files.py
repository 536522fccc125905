"""A chosen file survives a form error: it is held in private storage under a signed token.

A browser never re-sends a file: when a form comes back with an error (a date typo
next to a certificate scan), the file input is empty again and a seller on a slow
connection uploads the scan twice, or does not notice and sends the form without it.
So a form with ``HeldFilesMixin`` keeps each file it received when it is shown again
with errors (``form.hold_files()``): the bytes go to the private store as
``held/<random>``, the page carries a hidden ``<field>__held`` token signed with the
site's key (so nobody can point it at another file) and says "Berkas X sudah
dipilih". The next post without a new file takes the held one; a new file replaces
it. Tokens expire after ``HELD_FILE_MAX_AGE`` seconds; the periodic task
``shop.tasks.held_files_purge`` then deletes the held files older than that
(:func:`held_files_purge`; nothing reads them after).
"""

import datetime as dt
import logging
import secrets

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from .private_files import private_storage

logger = logging.getLogger(__name__)

HELD_FILE_MAX_AGE = 24 * 3600
HELD_DIR = "held"
_SALT = "shop.held_files"
SUFFIX = "__held"


def file_hold(upload: UploadedFile) -> str:
    """Store ``upload`` privately and answer a signed token that gives it back."""
    name = private_storage().save(f"{HELD_DIR}/{secrets.token_hex(16)}", upload)
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


def held_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the held files older than ``HELD_FILE_MAX_AGE``; answers how many.

    Their tokens have expired, so no form takes them any more. The age is the
    storage's modified time: a file exactly ``HELD_FILE_MAX_AGE`` old stays.
    Only ``held/`` is read. Safe to run twice or at once: a file another run
    deleted meanwhile is skipped (two runs at the same instant may both count it).
    """
    storage = private_storage()
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=HELD_FILE_MAX_AGE)
    try:
        _dirs, names = storage.listdir(HELD_DIR)
    except FileNotFoundError:  # nothing was ever held
        names = []
    deleted = 0
    for name in names:
        path = f"{HELD_DIR}/{name}"
        try:
            modified = storage.get_modified_time(path)
        except Exception:
            # Gone since the listing (S3 answers a ClientError, not FileNotFoundError).
            if storage.exists(path):
                raise
            continue
        if modified < cutoff:
            storage.delete(path)
            deleted += 1
    logger.info("held files: %s older than %s s deleted", deleted, HELD_FILE_MAX_AGE)
    return deleted


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
