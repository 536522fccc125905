import pytest
from django.core import mail

from shop.models import User

pytestmark = pytest.mark.django_db

ACCOUNT_REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { id email phone roles } errors { field code message } }
}
"""


def test_account_register_creates_a_consumer_and_sends_welcome_mail(
    gql, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(
            ACCOUNT_REGISTER,
            {
                "input": {
                    "email": "Maria@Contoh.id",
                    "password": "kopi-bajawa-2026",
                    "firstName": "Maria",
                    "phone": "0812 3456 7890",
                }
            },
        )["data"]["accountRegister"]
    assert data["errors"] == []
    assert data["user"]["email"] == "maria@contoh.id"
    assert data["user"]["phone"] == "+6281234567890"
    assert data["user"]["roles"] == ["consumer"]
    assert User.objects.get(email="maria@contoh.id").check_password("kopi-bajawa-2026")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Selamat datang di Pasar OVOP NTT"
    assert "Halo Maria" in mail.outbox[0].body


def test_account_register_reports_every_bad_field_and_creates_nothing(gql, make_user):
    make_user(email="ada@contoh.id")
    data = gql(
        ACCOUNT_REGISTER, {"input": {"email": "ada@contoh.id", "password": "123", "phone": "12"}}
    )["data"]["accountRegister"]
    assert data["user"] is None
    codes = {(e["field"], e["code"]) for e in data["errors"]}
    assert ("email", "UNIQUE") in codes
    assert ("phone", "INVALID") in codes
    assert ("password", "PASSWORD_TOO_WEAK") in codes
    assert User.objects.count() == 1


def test_account_register_refuses_an_invalid_email(gql):
    data = gql(
        ACCOUNT_REGISTER, {"input": {"email": "bukan-email", "password": "kopi-bajawa-2026"}}
    )
    assert data["data"]["accountRegister"]["errors"][0] == {
        "field": "email",
        "code": "INVALID",
        "message": "Alamat e-mail tidak valid.",
    }
