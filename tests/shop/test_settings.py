import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "ovop.nttprov.go.id",
    "PAYMENT_GATEWAYS": "STRIPE,BANK_TRANSFER,COD",
    "DATABASE_URL": "sqlite:////tmp/ovop-deploy-check.sqlite3",
    "CACHE_URL": "redis://127.0.0.1:6379/14",
    "STRIPE_SECRET_KEY": "sk_live_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
    "PERSONAL_DATA_KEYS": "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy0wMTI=",
    "PERSONAL_DATA_DIGEST_KEY": "digest-" + "d" * 40,
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if k not in GOOD_ENV and k != "DJANGO_SETTINGS_MODULE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**GOOD_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("gateways", ["DUMMY,STRIPE", "STRIPE, dummy"])
def test_production_settings_refuse_the_dummy_gateway(gateways):
    result = _manage("check", env={**GOOD_ENV, "PAYMENT_GATEWAYS": gateways})
    assert result.returncode != 0
    assert "DUMMY payment gateway" in result.stderr


def test_production_settings_refuse_stripe_without_its_keys():
    result = _manage("check", env={**GOOD_ENV, "STRIPE_WEBHOOK_SECRET": ""})
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET" in result.stderr


def test_production_settings_refuse_a_per_process_cache():
    result = _manage("check", env={**GOOD_ENV, "CACHE_URL": ""})
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"PERSONAL_DATA_KEYS": ""}, "PERSONAL_DATA_KEYS (Fernet keys)"),
        ({"PERSONAL_DATA_DIGEST_KEY": ""}, "PERSONAL_DATA_DIGEST_KEY (32+ random"),
        ({"PERSONAL_DATA_DIGEST_KEY": "d" * 31}, "PERSONAL_DATA_DIGEST_KEY (32+ random"),
        ({"PERSONAL_DATA_KEYS": "not-a-fernet-key"}, "must be a Fernet key"),
    ],
)
def test_production_settings_refuse_missing_or_bad_personal_data_keys(changed, message):
    result = _manage("check", env={**GOOD_ENV, **changed})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_take_a_digest_key_of_exactly_32_characters():
    result = _manage("check", env={**GOOD_ENV, "PERSONAL_DATA_DIGEST_KEY": "d" * 32})
    assert result.returncode == 0, result.stderr


def test_the_store_speaks_indonesian_first_in_wita():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Makassar"
