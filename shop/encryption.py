"""Personal data encrypted at rest, and found again without decrypting it.

A value the store must be able to show its owner but that a copy of the database must
not give away (the ASN's NIP, which also carries a birth date and gender) is kept as a
Fernet token (AES-128-CBC with an HMAC-SHA256 tag, from ``cryptography``): a dump, a
replica or a backup holds only ciphertext. ``settings.PERSONAL_DATA_KEYS`` lists the
keys: the first encrypts, every one decrypts, so a key is rotated by putting a new
one first, re-encrypting (``manage.py personal_data_rotate``) and then dropping the
old one.

Equality ("one NIP, one account") cannot be asked of ciphertext, which differs on
every encryption; ``digest`` gives a keyed HMAC-SHA256 of the value instead (its
own key, ``settings.PERSONAL_DATA_DIGEST_KEY``, never rotated), stored beside the
token under a unique index. Keyed, so that a dump alone cannot be matched against
every possible NIP (there are few enough to try them all against a plain hash).
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class PersonalDataUnreadable(RuntimeError):
    """No key of ``PERSONAL_DATA_KEYS`` opens a stored value (a key was dropped before
    ``personal_data_rotate`` re-encrypted what it had encrypted)."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.PERSONAL_DATA_KEYS))


def encrypt(value: str) -> str:
    """The value as a token of the first key (a new one each call: equal values differ)."""
    return _keys().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The value of a token made with any of the configured keys."""
    try:
        return _keys().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise PersonalDataUnreadable(
            "No key of PERSONAL_DATA_KEYS decrypts this value; was a key dropped before "
            "`manage.py personal_data_rotate` ran?"
        ) from None


def reencrypt(token: str) -> str:
    """The same value as a token of the first key (for rotation)."""
    try:
        return _keys().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise PersonalDataUnreadable("No key of PERSONAL_DATA_KEYS decrypts this value.") from None


def digest(value: str, *, purpose: str) -> str:
    """A keyed digest of the value (64 hex digits), equal for equal values of one purpose.

    ``purpose`` names the field ("asn-nip"), so that two fields holding the same digits
    never share a digest.
    """
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.PERSONAL_DATA_DIGEST_KEY.encode(), message, hashlib.sha256).hexdigest()
