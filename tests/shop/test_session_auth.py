import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ME = {"query": "{ me { email } }"}


def test_graphql_uses_the_page_session_and_checks_its_csrf_token(make_user):
    user = make_user(email="rina@contoh.id")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    refused = browser.post("/graphql/", ME, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"

    browser.get("/")
    token = browser.cookies["csrftoken"].value
    ok = browser.post("/graphql/", ME, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert ok.json() == {"data": {"me": {"email": "rina@contoh.id"}}}


def test_bearer_clients_need_no_csrf_token(make_user, gql):
    gql.client = Client(enforce_csrf_checks=True)
    gql.login(make_user(email="pos@contoh.id"))
    assert gql(ME["query"])["data"]["me"]["email"] == "pos@contoh.id"
