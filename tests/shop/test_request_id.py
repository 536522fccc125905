import pytest

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_well_formed_incoming_request_id_is_kept(client):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-1234abcd")
    assert response["X-Request-ID"] == "lb-1234abcd"


def test_a_malformed_incoming_request_id_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="bad id\nInjected: 1")
    assert response["X-Request-ID"] != "bad id\nInjected: 1"
    assert len(response["X-Request-ID"]) == 32


def test_the_not_found_log_line_carries_the_request_id(client, caplog):
    # Django logs a 404 after the middleware has returned (issue #10: it said "-").
    from shop.request_id import RequestIdLogFilter

    caplog.handler.addFilter(RequestIdLogFilter())
    client.get("/tidak-ada/", HTTP_X_REQUEST_ID="lb-404-abcdef")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "lb-404-abcdef"
