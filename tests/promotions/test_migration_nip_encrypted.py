"""Migration promotions 0003 encrypts the NIPs recorded in plain text, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from promotions.models import nip_digest
from shop import encryption

BEFORE = [("promotions", "0002_promo_asn_participant")]
AFTER = [("promotions", "0003_asn_nip_encrypted")]
NIPS = ["198503122010011012", "199001012015032001"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_recorded_nips_are_encrypted_in_place_and_decrypted_back(make_user):
    users = [make_user() for _ in NIPS]
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            for user, nip in zip(users, NIPS, strict=True):
                cursor.execute(
                    "INSERT INTO promotions_asnparticipant"
                    " (user_id, nip, agency, consented_at, updated_at)"
                    " VALUES (%s, %s, 'BPKAD', %s, %s)",
                    [user.pk, nip, timezone.now(), timezone.now()],
                )
        _migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, nip_encrypted, nip_digest FROM promotions_asnparticipant"
                " ORDER BY user_id"
            )
            rows = cursor.fetchall()
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'promotions_asnparticipant' AND column_name = 'nip'"
            )
            assert cursor.fetchone()[0] == 0  # the plain column is gone
        assert [
            (user_id, encryption.decrypt(token), digest) for user_id, token, digest in rows
        ] == [(user.pk, nip, nip_digest(nip)) for user, nip in zip(users, NIPS, strict=True)]
        assert not any(nip in token for nip in NIPS for _u, token, _d in rows)

        _migrate(BEFORE)  # reversible: the plain NIPs come back
        with connection.cursor() as cursor:
            cursor.execute("SELECT user_id, nip FROM promotions_asnparticipant ORDER BY user_id")
            assert cursor.fetchall() == [
                (user.pk, nip) for user, nip in zip(users, NIPS, strict=True)
            ]
    finally:
        _migrate(_latest())
