import datetime

import pytest
from django.core import mail
from django.utils import timezone

from catalog import services
from catalog.models import Category, Certificate, Product
from catalog.tasks import certificates_expiry_check

pytestmark = pytest.mark.django_db


def test_daily_task_unpublishes_products_whose_required_certificate_expired(
    make_product, approve, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    product = make_product(published=True, name="Madu hutan Mutis")
    approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=today - datetime.timedelta(days=1),
    )
    approve(product, type="HALAL", number="ID53110000123450623")
    other = make_product(published=True)
    approve(other, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    approve(other, type="HALAL", number="ID53110000123450624")
    with django_capture_on_commit_callbacks(execute=True):
        result = certificates_expiry_check()
    assert result == {"unpublished": 1, "warned": 0}
    assert Product.objects.get(pk=product.pk).is_published is False
    assert Product.objects.get(pk=other.pk).is_published is True
    assert [m.subject for m in mail.outbox] == ["Produk Madu hutan Mutis diturunkan dari etalase"]
    assert mail.outbox[0].to == [product.seller.email]
    # Running twice changes nothing more.
    assert certificates_expiry_check() == {"unpublished": 0, "warned": 0}


def test_a_product_still_covered_by_another_certificate_stays(make_product, approve):
    today = timezone.localdate()
    product = make_product(published=True)
    approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=today - datetime.timedelta(days=1),
    )
    approve(
        product,
        type="BPOM_MD",
        number="MD224131001234",
        expires_at=today + datetime.timedelta(days=400),
    )
    approve(product, type="HALAL", number="ID53110000123450623")
    assert certificates_expiry_check()["unpublished"] == 0
    assert Product.objects.get(pk=product.pk).is_published is True


def _expiring_in_30_and_31_days(make_product, approve) -> tuple[Certificate, Certificate]:
    """A published product's P-IRT ending in 30 days and BPOM MD in 31 (and its halal)."""
    today = timezone.localdate()
    product = make_product(published=True)
    pirt = approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=today + datetime.timedelta(days=30),
    )
    bpom = approve(
        product,
        type="BPOM_MD",
        number="MD224131001234",
        expires_at=today + datetime.timedelta(days=31),
    )
    approve(product, type="HALAL", number="ID53110000123450623")
    return pirt, bpom


def test_sellers_are_warned_once_thirty_days_before_expiry(
    make_product, approve, django_capture_on_commit_callbacks
):
    cert, _bpom = _expiring_in_30_and_31_days(make_product, approve)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expiry_check() == {"unpublished": 0, "warned": 1}
    after = timezone.now()
    assert len(mail.outbox) == 1
    assert "206530701002330" in mail.outbox[0].body
    warned_at = Certificate.objects.get(pk=cert.pk).expiry_warned_at
    assert before <= warned_at <= after
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expiry_check() == {"unpublished": 0, "warned": 0}
    assert len(mail.outbox) == 1
    assert Certificate.objects.get(pk=cert.pk).expiry_warned_at == warned_at


def test_the_next_days_run_warns_the_certificate_now_due_and_not_the_one_already_warned(
    make_product, approve, django_capture_on_commit_callbacks
):
    pirt, bpom = _expiring_in_30_and_31_days(make_product, approve)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_expiry_check(today=today) == {"unpublished": 0, "warned": 1}
    pirt_warned_at = Certificate.objects.get(pk=pirt.pk).expiry_warned_at
    assert Certificate.objects.get(pk=bpom.pk).expiry_warned_at is None
    tomorrow = today + datetime.timedelta(days=1)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_expiry_check(today=tomorrow) == {"unpublished": 0, "warned": 1}
    after = timezone.now()
    assert before <= Certificate.objects.get(pk=bpom.pk).expiry_warned_at <= after
    assert Certificate.objects.get(pk=pirt.pk).expiry_warned_at == pirt_warned_at
    assert len(mail.outbox) == 2
    assert "MD224131001234" in mail.outbox[1].body
    assert "206530701002330" not in mail.outbox[1].body


def test_the_task_is_on_the_daily_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["catalog-certificates-expiry-check"]
    assert entry["task"] == "catalog.tasks.certificates_expiry_check"
    assert str(entry["schedule"]._orig_hour) == "1"


def test_halal_deadline_withdraws_products_published_with_pirt_only(
    settings, make_product, approve, django_capture_on_commit_callbacks
):
    settings.CATALOG_HALAL_MANDATORY_FROM = "2026-10-17"
    product = make_product(published=True, name="Kue rambut Kupang")
    approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=datetime.date(2030, 1, 1),
        issued_at=datetime.date(2026, 1, 5),
    )
    declared = make_product(
        published=True,
        name="Se'i babi Kupang",
        category=Category.objects.get(slug="daging-olahan"),
        is_halal=False,
        non_halal_statement="Mengandung babi.",
    )
    approve(declared, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    craft = make_product(published=True, category=Category.objects.get(slug="anyaman"))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_expiry_check(today=datetime.date(2026, 10, 16)) == {
            "unpublished": 0,
            "warned": 0,
        }
    assert Product.objects.get(pk=product.pk).is_published is True
    with django_capture_on_commit_callbacks(execute=True):
        result = services.certificates_expiry_check(today=datetime.date(2026, 10, 17))
    assert result == {"unpublished": 1, "warned": 0}
    assert Product.objects.get(pk=product.pk).is_published is False
    assert Product.objects.get(pk=declared.pk).is_published is True
    assert Product.objects.get(pk=craft.pk).is_published is True
    assert [m.subject for m in mail.outbox] == ["Produk Kue rambut Kupang diturunkan dari etalase"]
    assert mail.outbox[0].to == [product.seller.email]
    assert "Halal" in mail.outbox[0].body
