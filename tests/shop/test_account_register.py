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
    assert ("phone", "INVALID") in codes
    assert ("password", "PASSWORD_TOO_WEAK") in codes
    assert "email" not in {field for field, _code in codes}  # never "already registered"
    assert User.objects.count() == 1


def _register(gql, email: str, **extra) -> dict:
    return gql(
        ACCOUNT_REGISTER,
        {"input": {"email": email, "password": "kopi-bajawa-2026", "firstName": "Maria", **extra}},
    )["data"]["accountRegister"]


def test_account_register_of_a_registered_email_answers_as_for_a_new_one_and_mails_the_owner(
    gql, make_user, django_capture_on_commit_callbacks
):
    owner = make_user(email="ada@contoh.id", password="rahasia-lama-123", first_name="Ada")
    with django_capture_on_commit_callbacks(execute=True):
        existing = _register(gql, "Ada@Contoh.id", phone="0812 3456 7890")
        new = _register(gql, "baru@contoh.id", phone="0812 3456 7890")
    assert existing["errors"] == new["errors"] == []
    shown = {k: v for k, v in existing["user"].items() if k != "id"}
    assert shown == {"email": "ada@contoh.id", "phone": "+6281234567890", "roles": ["consumer"]}
    assert shown == {k: v for k, v in new["user"].items() if k != "id"} | {"email": "ada@contoh.id"}
    owner.refresh_from_db()
    assert owner.check_password("rahasia-lama-123")
    assert owner.first_name == "Ada"
    assert User.objects.filter(email="ada@contoh.id").count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ada@contoh.id"], "Pendaftaran dengan e-mail Anda di Pasar OVOP NTT"),
        (["baru@contoh.id"], "Selamat datang di Pasar OVOP NTT"),
    ]
    assert "sudah memiliki akun" in mail.outbox[0].body


def test_register_page_with_a_registered_email_does_not_say_it_is_registered(
    client, make_user, django_capture_on_commit_callbacks
):
    make_user(email="ada@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/daftar/",
            {
                "email": "ada@contoh.id",
                "first_name": "Ada",
                "password": "kopi-bajawa-2026",
                "privacy_consent": "on",
            },
            follow=True,
        )
    assert response.redirect_chain == [("/masuk/", 302)]
    assert "sudah terdaftar" not in response.content.decode()
    assert "Kami mengirim e-mail ke ada@contoh.id" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_account_register_refuses_an_invalid_email(gql):
    data = gql(
        ACCOUNT_REGISTER, {"input": {"email": "bukan-email", "password": "kopi-bajawa-2026"}}
    )
    assert data["data"]["accountRegister"]["errors"][0] == {
        "field": "email",
        "code": "INVALID",
        "message": "Alamat e-mail tidak valid.",
    }
