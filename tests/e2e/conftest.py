"""Data the journeys do not create through the pages: officers, active lembaga, shipping."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sellers import services as seller_services
from sellers.models import LocationChecklist, Seller, Zone
from shop.roles import Role

from .helpers import PASSWORD, PDF_BYTES

_seq = itertools.count(10)


@pytest.fixture(autouse=True)
def _serve_media(settings):
    """Let the browser load uploaded images from the live server (MEDIA_ROOT is per test)."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    from django.urls import clear_url_caches

    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def officer(make_user):
    return make_user(
        Role.PROGRAMME_OFFICER, email="pmd@ntt.go.id", first_name="Paulus", password=PASSWORD
    )


@pytest.fixture
def active_lembaga(make_user, officer):
    """A lembaga taken through register, documents, submit and approval by the services."""

    def make(*, name: str, village: str, member_email: str, member_name: str) -> Seller:
        n = next(_seq)
        member = make_user(email=member_email, first_name=member_name, password=PASSWORD)
        regency = village[:5]
        zone = Zone.objects.create(
            regency_id=regency, name=f"Zona {name}", slug=f"zona-{n}", commodity="OVOP"
        )
        zone.production_villages.set([village])
        seller = seller_services.seller_register(
            user=member,
            name=name,
            kind=Seller.Kind.BUMDES,
            village_code=village,
            nib=f"91200099999{n:02d}",
            phone=f"0812 3800 00{n:02d}",
            email=f"lembaga{n}@desa.id",
            zone=zone.pk,
            address="Jalan Desa No. 1",
            bank_name="Bank NTT",
            bank_account_number="0010112345",
            bank_account_holder=name,
        )
        for kind in ("AD_ART", "SK"):
            seller_services.seller_document_upload(
                user=member,
                seller=seller,
                kind=kind,
                file=SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES, "application/pdf"),
            )
        seller_services.seller_submit(user=member, seller=seller)
        return seller_services.seller_review(
            user=officer,
            seller=seller,
            decision="APPROVE",
            checklist=dict.fromkeys(LocationChecklist.ITEMS, True),
        )

    return make


@pytest.fixture
def listed_product():
    """A published product of an active lembaga with one variant and stock in its own store."""
    from catalog import services as catalog_services
    from catalog.models import Category, Product, ProductVariant

    def make(*, seller, category: str, name: str, sku: str, price: int, grams: int, stock: int):
        member = seller.members.first().user
        product = Product.objects.create(
            seller=seller,
            category=Category.objects.get(slug=category),
            name=name,
            slug=sku.lower(),
            origin_village=seller.village,
            is_published=True,
        )
        variant = ProductVariant.objects.create(
            product=product, sku=sku, name="Standar", price=price, weight_grams=grams
        )
        catalog_services.stock_set(user=member, variant=variant, quantity=stock)
        return product

    return make


@pytest.fixture
def shipping_methods():
    """A lembaga's pickup at the village and its courier tariff."""
    from orders.models import ShippingMethod

    def make(seller):
        ShippingMethod.objects.create(
            seller=seller, name="Ambil di desa", kind=ShippingMethod.Kind.PICKUP_VILLAGE
        )
        return ShippingMethod.objects.create(
            seller=seller,
            name="Kurir JNE",
            kind=ShippingMethod.Kind.COURIER,
            same_regency_base=10_000,
            same_regency_per_kg=5_000,
            ntt_base=25_000,
            ntt_per_kg=10_000,
            outside_base=60_000,
            outside_per_kg=30_000,
        )

    return make
