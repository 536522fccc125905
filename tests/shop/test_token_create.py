import pytest
from django.db.models import F

from shop.models import User

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken user { id email } errors { field code message }
  }
}
"""
TOKEN_REFRESH = """
mutation($t: String!) { tokenRefresh(refreshToken: $t) { token errors { field code message } } }
"""
ME = "{ me { id email roles } }"


def test_token_create_answers_tokens_that_authenticate_me(gql, make_user):
    make_user(email="ina@contoh.id", password="tenun-ikat-sikka")
    data = gql(TOKEN_CREATE, {"email": "Ina@Contoh.id", "password": "tenun-ikat-sikka"})["data"]
    payload = data["tokenCreate"]
    assert payload["errors"] == []
    assert payload["user"]["email"] == "ina@contoh.id"
    gql.token = payload["token"]
    assert gql(ME)["data"]["me"]["email"] == "ina@contoh.id"
    assert gql(ME)["data"]["me"]["roles"] == ["consumer"]


def test_token_create_gives_one_generic_error_for_wrong_password_and_unknown_email(gql, make_user):
    make_user(email="ina@contoh.id", password="tenun-ikat-sikka")
    wrong = gql(TOKEN_CREATE, {"email": "ina@contoh.id", "password": "salah"})["data"][
        "tokenCreate"
    ]
    unknown = gql(TOKEN_CREATE, {"email": "x@contoh.id", "password": "salah"})["data"][
        "tokenCreate"
    ]
    assert wrong["token"] is None
    assert (
        wrong["errors"]
        == unknown["errors"]
        == [
            {
                "field": None,
                "code": "INVALID_CREDENTIALS",
                "message": "E-mail atau kata sandi salah.",
            }
        ]
    )


def test_token_create_answers_in_english_when_asked(gql, make_user):
    gql.language = "en"
    errors = gql(TOKEN_CREATE, {"email": "x@contoh.id", "password": "salah"})["data"][
        "tokenCreate"
    ]["errors"]
    assert errors[0]["message"] == "Wrong e-mail or password."


def test_token_create_is_rate_limited_after_repeated_failures(gql, make_user, settings):
    settings.LOGIN_MAX_FAILURES = 3
    make_user(email="ina@contoh.id", password="tenun-ikat-sikka")
    for _ in range(3):
        gql(TOKEN_CREATE, {"email": "ina@contoh.id", "password": "salah"})
    blocked = gql(TOKEN_CREATE, {"email": "ina@contoh.id", "password": "tenun-ikat-sikka"})
    payload = blocked["data"]["tokenCreate"]
    assert payload["token"] is None
    assert [e["code"] for e in payload["errors"]] == ["TOO_MANY_ATTEMPTS"]


def test_token_create_starts_a_token_family_whose_refresh_token_works(gql, make_user):
    make_user(email="ina@contoh.id", password="tenun-ikat-sikka")
    payload = gql(TOKEN_CREATE, {"email": "ina@contoh.id", "password": "tenun-ikat-sikka"})["data"][
        "tokenCreate"
    ]
    refreshed = gql(TOKEN_REFRESH, {"t": payload["refreshToken"]})["data"]["tokenRefresh"]
    assert refreshed["errors"] == []
    gql.token = refreshed["token"]
    assert gql(ME)["data"]["me"]["email"] == "ina@contoh.id"


def test_an_access_token_of_an_older_token_version_is_refused(gql, make_user):
    user = make_user()
    gql.login(user)
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    response = gql.raw({"query": ME})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


def test_a_malformed_bearer_header_is_refused(gql):
    response = gql.raw({"query": ME}, HTTP_AUTHORIZATION="Token abc")
    assert response.status_code == 401


def test_me_is_null_for_anonymous_requests(gql):
    assert gql(ME) == {"data": {"me": None}}
