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


def test_sellers_are_warned_once_thirty_days_before_expiry(
    make_product, approve, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    product = make_product(published=True)
    cert = approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=today + datetime.timedelta(days=30),
    )
    approve(
        product,
        type="BPOM_MD",
        number="MD224131001234",
        expires_at=today + datetime.timedelta(days=31),
    )
    approve(product, type="HALAL", number="ID53110000123450623")
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expiry_check() == {"unpublished": 0, "warned": 1}
    assert len(mail.outbox) == 1
    assert "206530701002330" in mail.outbox[0].body
    assert Certificate.objects.get(pk=cert.pk).expiry_warned_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expiry_check() == {"unpublished": 0, "warned": 0}
    assert len(mail.outbox) == 1


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
