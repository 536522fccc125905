import datetime as dt

import pytest
from django.utils import timezone

from shop.models import RefreshTokenFamily
from shop.tasks import token_families_purge
from shop.tokens import token_issue, token_pair_issue

pytestmark = pytest.mark.django_db

TOKEN_REFRESH = """
mutation($t: String!) {
  tokenRefresh(refreshToken: $t) { token refreshToken user { email } errors { field code message } }
}
"""
ME = "{ me { email } }"
INVALID = [
    {
        "field": "refreshToken",
        "code": "INVALID_TOKEN",
        "message": "Token penyegar tidak valid atau kedaluwarsa.",
    }
]


def _refresh(gql, token: str) -> dict:
    return gql(TOKEN_REFRESH, {"t": token})["data"]["tokenRefresh"]


def _me_status(gql, access: str) -> int:
    gql.token = access
    status = gql.raw({"query": ME}).status_code
    gql.token = None
    return status


def test_token_refresh_answers_a_new_access_token_and_a_new_refresh_token(gql, make_user):
    user = make_user(email="ina@contoh.id")
    first = token_pair_issue(user=user)
    payload = _refresh(gql, first.refresh_token)
    assert payload["errors"] == []
    assert payload["user"] == {"email": "ina@contoh.id"}
    assert payload["refreshToken"] not in (None, first.refresh_token)
    gql.token = payload["token"]
    assert gql(ME)["data"]["me"]["email"] == "ina@contoh.id"
    gql.token = None
    assert _refresh(gql, payload["refreshToken"])["errors"] == []


def test_a_refresh_token_works_only_once(gql, make_user):
    first = token_pair_issue(user=make_user())
    assert _refresh(gql, first.refresh_token)["errors"] == []
    again = _refresh(gql, first.refresh_token)
    assert again["token"] is None
    assert again["refreshToken"] is None
    assert again["errors"] == INVALID


def test_a_reused_refresh_token_revokes_the_whole_family(gql, make_user):
    user = make_user()
    stolen = token_pair_issue(user=user)
    thief = _refresh(gql, stolen.refresh_token)  # the thief refreshes first
    before = timezone.now()
    assert _refresh(gql, stolen.refresh_token)["errors"] == INVALID  # the owner's reuse
    after = timezone.now()
    # Neither the thief's newer refresh token nor its access token work any more.
    assert _refresh(gql, thief["refreshToken"])["errors"] == INVALID
    assert _me_status(gql, thief["token"]) == 401
    assert _me_status(gql, stolen.token) == 401
    family = RefreshTokenFamily.objects.get()
    # Revoked at the reuse; the refusals after it leave the time alone.
    assert before <= family.revoked_at <= after


def test_a_reused_refresh_token_leaves_the_users_other_sign_ins_alone(gql, make_user):
    user = make_user()
    phone, laptop = token_pair_issue(user=user), token_pair_issue(user=user)
    _refresh(gql, phone.refresh_token)
    _refresh(gql, phone.refresh_token)  # reuse: the phone's family is revoked
    assert _me_status(gql, laptop.token) == 200
    assert _refresh(gql, laptop.refresh_token)["errors"] == []


def test_token_refresh_refuses_an_access_token(gql, make_user):
    access = token_issue(user=make_user(), kind="access")
    assert _refresh(gql, access)["errors"] == INVALID


def test_token_refresh_refuses_a_token_of_a_deactivated_user(gql, make_user):
    user = make_user()
    issued = token_pair_issue(user=user)
    user.is_active = False
    user.save()
    assert _refresh(gql, issued.refresh_token)["errors"] == INVALID


def test_token_refresh_refuses_an_expired_refresh_token(gql, make_user, settings):
    settings.JWT_REFRESH_TTL_SECONDS = -1
    issued = token_pair_issue(user=make_user())
    assert _refresh(gql, issued.refresh_token)["errors"] == INVALID


def test_token_refresh_refuses_garbage(gql):
    assert _refresh(gql, "not-a-token")["errors"] == INVALID


def test_token_families_purge_deletes_only_families_whose_refresh_token_expired(
    make_user, settings
):
    user = make_user()
    old, fresh = token_pair_issue(user=user), token_pair_issue(user=user)
    del old, fresh
    cutoff = timezone.now() - dt.timedelta(seconds=settings.JWT_REFRESH_TTL_SECONDS)
    stale, live = RefreshTokenFamily.objects.order_by("created_at")
    RefreshTokenFamily.objects.filter(pk=stale.pk).update(
        rotated_at=cutoff - dt.timedelta(minutes=1)
    )
    RefreshTokenFamily.objects.filter(pk=live.pk).update(
        rotated_at=cutoff + dt.timedelta(minutes=1)
    )
    assert token_families_purge.delay().get() == 1
    assert list(RefreshTokenFamily.objects.values_list("pk", flat=True)) == [live.pk]
