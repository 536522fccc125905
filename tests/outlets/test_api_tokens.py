import datetime as dt

import pytest
from django.utils import timezone

from orders.outlets import services
from orders.outlets.models import ApiToken
from shop.roles import Role
from tests.graphql import gid_of as gid

pytestmark = pytest.mark.django_db

CREATE = """
mutation($location: ID!, $name: String!) {
  apiTokenCreate(location: $location, name: $name) { token apiToken { id prefix } errors { code } }
}
"""
REVOKE = "mutation($id: ID!) { apiTokenRevoke(id: $id) { errors { code message } } }"
SYNC = """
mutation($location: ID!) {
  stockBulkUpdate(location: $location, idempotencyKey: "k", lines: []) {
    updatedCount errors { code message }
  }
}
"""


def test_token_is_shown_once_and_stored_hashed(gql, disperindag, outlet):
    gql.login(disperindag)
    data = gql(CREATE, {"location": gid("StockLocation", outlet.pk), "name": "Kasir 1"})["data"][
        "apiTokenCreate"
    ]
    assert data["errors"] == []
    token = data["token"]
    row = ApiToken.objects.get()
    assert token.startswith(f"ovop_pos_{row.prefix}_")
    assert token.split("_", 3)[3] not in (row.key_hash, str(row.__dict__))
    assert len(row.key_hash) == 64


def test_only_disperindag_issues_tokens(gql, make_user, outlet):
    gql.login(make_user(Role.PROGRAMME_OFFICER))
    data = gql(CREATE, {"location": gid("StockLocation", outlet.pk), "name": "x"})["data"][
        "apiTokenCreate"
    ]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]


def test_token_works_on_its_outlet_and_is_refused_on_another(gql, pos_token, outlet, make_outlet):
    gql.token = pos_token
    before = timezone.now()
    ok = gql(SYNC, {"location": gid("StockLocation", outlet.pk)})["data"]["stockBulkUpdate"]
    first_answered = timezone.now()
    assert ok == {"updatedCount": 0, "errors": []}
    other = make_outlet("NTT Mart Maumere", "53.10")
    data = gql(SYNC, {"location": gid("StockLocation", other.pk)})["data"]["stockBulkUpdate"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    row = ApiToken.objects.get()
    # The first request's time: the second, within the minute from the same address, wrote none.
    assert before <= row.last_used_at <= first_answered
    assert row.last_used_ip == "127.0.0.1"


def _use(token: str, client_ip: str) -> tuple:
    """Authenticate with the token from this address; answers the clock before and after."""
    before = timezone.now()
    assert services.api_token_authenticate(token=token, client_ip=client_ip) is not None
    return before, timezone.now()


def _last_use() -> tuple:
    return ApiToken.objects.values_list("last_used_at", "last_used_ip").get()


def test_last_use_is_written_once_a_minute_unless_the_address_changes(pos_token):
    earlier = timezone.now() - dt.timedelta(seconds=50)
    ApiToken.objects.update(last_used_at=earlier, last_used_ip="10.0.0.1")
    _use(pos_token, "10.0.0.1")
    assert _last_use() == (earlier, "10.0.0.1")  # same address, within the minute
    before, after = _use(pos_token, "10.0.0.2")
    used_at, ip = _last_use()
    assert (before <= used_at <= after, ip) == (True, "10.0.0.2")
    ApiToken.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=1))
    before, after = _use(pos_token, "10.0.0.2")  # same address, a minute on
    used_at, ip = _last_use()
    assert (before <= used_at <= after, ip) == (True, "10.0.0.2")


def test_token_cannot_act_as_staff(gql, pos_token, outlet):
    gql.token = pos_token
    data = gql(CREATE, {"location": gid("StockLocation", outlet.pk), "name": "x"})["data"][
        "apiTokenCreate"
    ]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]


def test_revoked_expired_and_wrong_tokens_answer_401(gql, disperindag, pos_token, outlet):
    gql.token = pos_token[:-1] + ("A" if pos_token[-1] != "A" else "B")
    response = gql.raw({"query": "{ me { email } }"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    gql.login(disperindag)
    body = gql(REVOKE, {"id": gid("ApiToken", ApiToken.objects.get().pk)})
    assert body["data"]["apiTokenRevoke"]["errors"] == []
    again = gql(REVOKE, {"id": gid("ApiToken", ApiToken.objects.get().pk)})
    assert [e["code"] for e in again["data"]["apiTokenRevoke"]["errors"]] == ["ALREADY_REVOKED"]
    gql.token = pos_token
    assert (
        gql.raw(
            {"query": SYNC, "variables": {"location": gid("StockLocation", outlet.pk)}}
        ).status_code
        == 401
    )
    expired = services.api_token_create(
        user=disperindag,
        location=outlet,
        name="lama",
        expires_at=timezone.now() + dt.timedelta(seconds=1),
    )
    ApiToken.objects.filter(pk=expired.api_token.pk).update(expires_at=timezone.now())
    gql.token = expired.token
    assert gql.raw({"query": "{ me { email } }"}).status_code == 401


def test_a_sales_only_token_may_not_sync_stock(gql, disperindag, outlet):
    token = services.api_token_create(
        user=disperindag, location=outlet, name="kasir", scopes=["sales"]
    ).token
    gql.token = token
    data = gql(SYNC, {"location": gid("StockLocation", outlet.pk)})["data"]["stockBulkUpdate"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]


def test_a_token_over_its_rate_gets_429(gql, pos_token, outlet, settings):
    settings.POS_TOKEN_REQUESTS_PER_MINUTE = 2
    gql.token = pos_token
    body = {"query": SYNC, "variables": {"location": gid("StockLocation", outlet.pk)}}
    assert [gql.raw(body).status_code for _i in range(2)] == [200, 200]
    third = gql.raw(body)
    assert third.status_code == 429
    assert third.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_idempotency_keys_are_kept_48_hours(disperindag, outlet):
    from orders.outlets.models import StockSyncRequest

    services.stock_bulk_update(
        actor=disperindag, location=outlet, idempotency_key="old", mode="SET", lines=[]
    )
    row = StockSyncRequest.objects.get()
    kept = row.created_at + dt.timedelta(hours=48)
    assert services.stock_sync_requests_purge(now=kept) == 0
    assert services.stock_sync_requests_purge(now=kept + dt.timedelta(seconds=1)) == 1


def test_disperindag_lists_an_outlets_tokens_without_secrets(gql, disperindag, pos_token, outlet):
    query = "query($l: ID!) { apiTokens(location: $l) { name prefix revokedAt lastUsedAt } }"
    gql.login(disperindag)
    data = gql(query, {"l": gid("StockLocation", outlet.pk)})["data"]["apiTokens"]
    assert data == [
        {
            "name": "Kasir 1",
            "prefix": ApiToken.objects.get().prefix,
            "revokedAt": None,
            "lastUsedAt": None,
        }
    ]
    gql.token = pos_token
    refused = gql(query, {"l": gid("StockLocation", outlet.pk)})
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
