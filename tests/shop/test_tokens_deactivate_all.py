import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.test import Client
from django.utils import timezone

from shop.models import RefreshTokenFamily, User
from shop.tokens import token_pair_issue

pytestmark = pytest.mark.django_db

DEACTIVATE_ALL = "mutation { tokensDeactivateAll { errors { field code message } } }"
TOKEN_REFRESH = """
mutation($t: String!) { tokenRefresh(refreshToken: $t) { token errors { code } } }
"""
ME = "{ me { email } }"


def _me_status(gql, access: str) -> int:
    gql.token = access
    status = gql.raw({"query": ME}).status_code
    gql.token = None
    return status


def _refresh_codes(gql, refresh: str) -> list[str]:
    payload = gql(TOKEN_REFRESH, {"t": refresh})["data"]["tokenRefresh"]
    return [e["code"] for e in payload["errors"]]


def test_tokens_deactivate_all_revokes_every_access_and_refresh_token(gql, make_user):
    user = make_user()
    phone, laptop = token_pair_issue(user=user), token_pair_issue(user=user)
    gql.token = phone.token
    assert gql(DEACTIVATE_ALL)["data"]["tokensDeactivateAll"] == {"errors": []}
    for issued in (phone, laptop):
        assert _me_status(gql, issued.token) == 401
        assert _refresh_codes(gql, issued.refresh_token) == ["INVALID_TOKEN"]
    user.refresh_from_db()
    assert user.token_version == 1


def test_tokens_deactivate_all_closes_open_families_now_and_keeps_an_earlier_revocation(
    gql, make_user
):
    user = make_user()
    phone, laptop = token_pair_issue(user=user), token_pair_issue(user=user)
    gql(TOKEN_REFRESH, {"t": phone.refresh_token})
    assert _refresh_codes(gql, phone.refresh_token) == ["INVALID_TOKEN"]  # reuse: revoked
    phone_family = RefreshTokenFamily.objects.exclude(revoked_at=None).get()
    revoked_at = phone_family.revoked_at
    gql.token = laptop.token
    before = timezone.now()
    assert gql(DEACTIVATE_ALL)["data"]["tokensDeactivateAll"] == {"errors": []}
    after = timezone.now()
    phone_family.refresh_from_db()
    assert phone_family.revoked_at == revoked_at
    laptop_family = RefreshTokenFamily.objects.exclude(pk=phone_family.pk).get()
    assert before <= laptop_family.revoked_at <= after


def test_tokens_deactivate_all_signs_out_browser_sessions_too(gql, make_user):
    user = make_user(email="rina@contoh.id")
    browser = Client()
    browser.force_login(user)
    assert browser.get("/portal/").status_code == 200
    gql.login(user)
    gql(DEACTIVATE_ALL)
    response = browser.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_tokens_deactivate_all_needs_a_signed_in_user(gql):
    assert gql(DEACTIVATE_ALL)["data"]["tokensDeactivateAll"]["errors"] == [
        {"field": None, "code": "PERMISSION_DENIED", "message": "Anda harus masuk terlebih dahulu."}
    ]


def test_a_sign_in_after_deactivate_all_works(gql, make_user):
    user = make_user()
    gql.login(user)
    gql(DEACTIVATE_ALL)
    user.refresh_from_db()
    fresh = token_pair_issue(user=user)
    assert _me_status(gql, fresh.token) == 200


def test_a_password_change_revokes_every_token(gql, make_user):
    user = make_user()
    issued = token_pair_issue(user=user)
    form = AdminPasswordChangeForm(
        user, {"password1": "sasando-rote-2026", "password2": "sasando-rote-2026"}
    )
    assert form.is_valid(), form.errors
    form.save()
    assert _me_status(gql, issued.token) == 401
    assert _refresh_codes(gql, issued.refresh_token) == ["INVALID_TOKEN"]
    assert User.objects.get(pk=user.pk).token_version == 1


def test_a_password_rehash_on_sign_in_keeps_tokens_valid(gql, make_user, settings):
    user = make_user(email="ina@contoh.id", password="tenun-ikat-sikka")  # MD5 in tests
    issued = token_pair_issue(user=user)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    Client().post("/masuk/", {"username": "ina@contoh.id", "password": "tenun-ikat-sikka"})
    user.refresh_from_db()
    assert user.password.startswith("scrypt$")  # rehashed, same password
    assert user.token_version == 0
    assert _me_status(gql, issued.token) == 200


def test_a_deactivation_revokes_tokens_for_good(gql, make_user):
    user = make_user()
    issued = token_pair_issue(user=user)
    user = User.objects.get(pk=user.pk)
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert User.objects.get(pk=user.pk).token_version == 1
    assert _me_status(gql, issued.token) == 401
    assert _refresh_codes(gql, issued.refresh_token) == ["INVALID_TOKEN"]


def test_saving_other_fields_keeps_tokens_valid(gql, make_user):
    user = make_user()
    issued = token_pair_issue(user=user)
    user = User.objects.get(pk=user.pk)
    user.first_name = "Ina"
    user.save()
    assert _me_status(gql, issued.token) == 200
