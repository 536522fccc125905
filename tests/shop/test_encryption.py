"""Personal data at rest: Fernet tokens under rotating keys, and keyed digests."""

import hashlib

import pytest
from cryptography.fernet import Fernet

from shop.encryption import PersonalDataUnreadable, decrypt, digest, encrypt, reencrypt

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
NIP = "198503122010011012"


def test_a_value_comes_back_and_its_token_never_shows_it(settings):
    settings.PERSONAL_DATA_KEYS = [OLD]
    first, second = encrypt(NIP), encrypt(NIP)
    assert decrypt(first) == decrypt(second) == NIP
    assert first != second  # a fresh IV each time: equal values are not equal tokens
    for token in (first, second):
        assert NIP not in token
        assert "19850312" not in token
    assert Fernet(OLD).decrypt(first.encode()) == NIP.encode()  # plain Fernet, no home-made crypto


def test_rotation_reads_old_tokens_and_writes_with_the_first_key(settings):
    settings.PERSONAL_DATA_KEYS = [OLD]
    token = encrypt(NIP)
    settings.PERSONAL_DATA_KEYS = [NEW, OLD]
    assert decrypt(token) == NIP
    rotated = reencrypt(token)
    assert Fernet(NEW).decrypt(rotated.encode()) == NIP.encode()
    settings.PERSONAL_DATA_KEYS = [NEW]  # the old key dropped after the rotation
    assert decrypt(rotated) == NIP
    with pytest.raises(PersonalDataUnreadable) as exc:
        decrypt(token)
    # for the operator's log: names the missing rotation, never the value
    assert str(exc.value) == (
        "No key of PERSONAL_DATA_KEYS decrypts this value; was a key dropped before "
        "`manage.py personal_data_rotate` ran?"
    )
    with pytest.raises(PersonalDataUnreadable) as exc:
        reencrypt(token)
    assert str(exc.value) == "No key of PERSONAL_DATA_KEYS decrypts this value."


def test_digest_is_keyed_and_separates_purposes(settings):
    settings.PERSONAL_DATA_DIGEST_KEY = "k" * 32
    one = digest(NIP, purpose="asn-nip")
    assert one == digest(NIP, purpose="asn-nip")
    assert len(one) == 64
    assert set(one) <= set("0123456789abcdef")
    assert one != digest("198503122010011013", purpose="asn-nip")  # last digit differs
    assert one != digest(NIP, purpose="phone")
    assert one != hashlib.sha256(NIP.encode()).hexdigest()  # not a plain hash anyone can try
    settings.PERSONAL_DATA_DIGEST_KEY = "j" * 32
    assert digest(NIP, purpose="asn-nip") != one


def test_development_keys_are_derived_and_valid(settings):
    # base.py derives both from SECRET_KEY when the environment sets neither
    [key] = settings.PERSONAL_DATA_KEYS
    Fernet(key)
    assert len(settings.PERSONAL_DATA_DIGEST_KEY) >= 32
    assert key != settings.PERSONAL_DATA_DIGEST_KEY
