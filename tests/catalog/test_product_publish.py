import datetime

import pytest
from django.utils import timezone

from catalog.models import Category, Certificate, Product
from sellers.models import Seller
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

PUBLISH = """
mutation($id: ID!, $published: Boolean!) {
  productPublish(id: $id, published: $published) {
    product { id isPublished }
    errors { field code message }
  }
}
"""


def _publish(gql, product, published=True):
    return gql(PUBLISH, {"id": gid_of("Product", product.pk), "published": published})["data"][
        "productPublish"
    ]


def test_processed_food_without_certificates_names_what_is_missing(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = _publish(gql, product)
    assert data["product"] is None
    assert data["errors"] == [
        {
            "field": "published",
            "code": "CERTIFICATES_MISSING",
            "message": "Belum ada sertifikat yang disetujui dan masih berlaku: "
            "SPP-IRT/P-IRT / BPOM MD; Halal.",
        }
    ]
    product.refresh_from_db()
    assert product.is_published is False


def test_english_message_when_asked(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    gql.language = "en"
    message = _publish(gql, product)["errors"][0]["message"]
    assert message.startswith("No approved, valid certificate yet:")


def test_pending_certificates_do_not_count(gql, pengurus, make_product):
    product = make_product()
    Certificate.objects.create(
        product=product, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1)
    )
    Certificate.objects.create(product=product, type="HALAL", number="ID53110000123450623")
    gql.login(pengurus)
    assert _publish(gql, product)["errors"][0]["code"] == "CERTIFICATES_MISSING"


def test_expired_certificate_does_not_count(gql, pengurus, make_product, approve):
    product = make_product()
    approve(
        product,
        type="BPOM_MD",
        number="MD224131001234",
        expires_at=timezone.localdate() - datetime.timedelta(days=1),
    )
    approve(product, type="HALAL", number="ID53110000123450623")
    gql.login(pengurus)
    data = _publish(gql, product)
    assert data["errors"][0]["message"].endswith("SPP-IRT/P-IRT / BPOM MD.")


def test_approved_pirt_and_halal_publish_the_product(gql, pengurus, make_product, approve):
    product = make_product()
    approve(product, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    approve(product, type="HALAL", number="ID53110000123450623")
    gql.login(pengurus)
    before = timezone.now()
    assert _publish(gql, product) == {
        "product": {"id": gid_of("Product", product.pk), "isPublished": True},
        "errors": [],
    }
    after = timezone.now()
    product.refresh_from_db()
    assert before <= product.published_at <= after


def _published_craft(gql, pengurus, make_product) -> tuple[Product, datetime.datetime]:
    """A craft (no certificate needed) its pengurus has published; and its published_at."""
    product = make_product(category=Category.objects.get(slug="tenun-ikat"))
    gql.login(pengurus)
    assert _publish(gql, product)["errors"] == []
    return product, Product.objects.get(pk=product.pk).published_at


def test_publishing_a_published_product_again_keeps_its_first_published_at(
    gql, pengurus, make_product
):
    product, first = _published_craft(gql, pengurus, make_product)
    assert _publish(gql, product)["errors"] == []
    assert Product.objects.get(pk=product.pk).published_at == first


def test_withdrawing_keeps_published_at_and_publishing_again_records_the_new_time(
    gql, pengurus, make_product
):
    product, first = _published_craft(gql, pengurus, make_product)
    assert _publish(gql, product, published=False)["errors"] == []
    assert Product.objects.values_list("is_published", "published_at").get(pk=product.pk) == (
        False,
        first,
    )
    before = timezone.now()
    assert _publish(gql, product)["errors"] == []
    after = timezone.now()
    assert first < before <= Product.objects.get(pk=product.pk).published_at <= after


def test_non_halal_product_publishes_with_its_statement_instead_of_halal(
    gql, pengurus, make_product, approve
):
    meat = Category.objects.get(slug="daging-olahan")
    product = make_product(
        category=meat, name="Se'i babi", is_halal=False, non_halal_statement="Mengandung babi."
    )
    approve(product, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    gql.login(pengurus)
    assert _publish(gql, product)["errors"] == []


def test_craft_needs_no_certificate(gql, pengurus, make_product):
    craft = Category.objects.get(slug="tenun-ikat")
    product = make_product(category=craft, name="Sarung tenun ikat Sikka")
    gql.login(pengurus)
    assert _publish(gql, product)["errors"] == []


def test_cosmetic_needs_a_bpom_notification(gql, pengurus, make_product, approve):
    cosmetic = Category.objects.get(slug="kosmetik")
    product = make_product(category=cosmetic, name="Sabun kelor")
    gql.login(pengurus)
    assert _publish(gql, product)["errors"][0]["message"].endswith("BPOM NA (kosmetik).")
    approve(product, type="BPOM_NA", number="NA18201200123", expires_at=datetime.date(2029, 1, 1))
    assert _publish(gql, product)["errors"] == []


def test_rules_are_data_an_officer_can_change(gql, pengurus, make_product, approve):
    craft = Category.objects.get(slug="anyaman")
    craft.certificate_rules = [["HKI_MEREK"]]
    craft.save()
    product = make_product(category=craft, name="Tas anyaman lontar")
    gql.login(pengurus)
    assert _publish(gql, product)["errors"][0]["code"] == "CERTIFICATES_MISSING"
    # A seller-level trademark counts for its products.
    approve(
        seller=product.seller,
        type="HKI_MEREK",
        number="IDM000912345",
        expires_at=datetime.date(2034, 1, 1),
    )
    assert _publish(gql, product)["errors"] == []


def test_a_product_without_variants_cannot_be_published(gql, pengurus, make_product):
    product = make_product(category=Category.objects.get(slug="tenun-ikat"), price=None)
    gql.login(pengurus)
    assert _publish(gql, product)["errors"][0]["code"] == "NO_VARIANTS"


def test_a_seller_not_active_cannot_publish(gql, pengurus, seller, make_product):
    product = make_product(category=Category.objects.get(slug="tenun-ikat"))
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.SUSPENDED)
    gql.login(pengurus)
    assert _publish(gql, product)["errors"][0]["code"] == "SELLER_NOT_ACTIVE"


def test_withdraw_needs_no_certificate(gql, pengurus, make_product):
    product = make_product(published=True)
    gql.login(pengurus)
    assert _publish(gql, product, published=False)["product"]["isPublished"] is False
    assert Product.objects.get(pk=product.pk).is_published is False


def test_outsider_cannot_publish(gql, make_user, make_product):
    product = make_product(category=Category.objects.get(slug="tenun-ikat"))
    gql.login(make_user())
    assert _publish(gql, product)["errors"][0]["code"] == "PERMISSION_DENIED"


def test_green_bean_product_publishes_with_no_certificates(gql, pengurus, make_product):
    product = make_product(category=Category.objects.get(slug="kopi-biji-mentah"))
    gql.login(pengurus)
    data = _publish(gql, product)
    assert data["errors"] == []
    assert data["product"]["isPublished"] is True
    assert Product.objects.get(pk=product.pk).is_published is True


def test_roasted_coffee_product_still_needs_pirt_or_bpom_and_halal(gql, pengurus, make_product):
    product = make_product(category=Category.objects.get(slug="kopi-bubuk-sangrai"))
    gql.login(pengurus)
    data = _publish(gql, product)
    assert data["errors"][0]["code"] == "CERTIFICATES_MISSING"
    assert data["errors"][0]["message"].endswith("SPP-IRT/P-IRT / BPOM MD; Halal.")
    assert Product.objects.get(pk=product.pk).is_published is False
