"""A real Celery worker consuming from Redis runs the welcome e-mail task."""

import pytest
from django.core import mail

from shop.tasks import send_welcome_email


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_welcome_email_is_sent_by_a_real_worker_over_redis(redis_celery, make_user):
    user = make_user(email="yohana@contoh.id", first_name="Yohana")
    result = send_welcome_email.delay(user.pk)
    assert result.get(timeout=30) is True
    assert result.status == "SUCCESS"
    assert [m.to for m in mail.outbox] == [["yohana@contoh.id"]]
    assert "Halo Yohana" in mail.outbox[0].body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_welcome_email_task_skips_a_deleted_user(redis_celery):
    assert send_welcome_email.delay(987654).get(timeout=30) is False
    assert mail.outbox == []
