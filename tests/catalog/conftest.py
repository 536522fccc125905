import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from graphql_relay import to_global_id
from PIL import Image

from catalog.models import Category, Certificate, Product, ProductVariant
from sellers.models import Seller, SellerMember, Zone
from shop.roles import Role

_counter = itertools.count(1)


def gid(type_name: str, pk) -> str:
    return to_global_id(type_name, pk)


@pytest.fixture
def make_seller(db):
    def make(*, status=Seller.Status.ACTIVE, village="53.07.01.2001", name=None, **extra):
        n = next(_counter)
        return Seller.objects.create(
            name=name or f"BUMDes Contoh {n}",
            slug=f"bumdes-contoh-{n}",
            kind=Seller.Kind.BUMDES,
            status=status,
            village_id=village,
            nib=f"91200000{n:05d}",
            phone="+6281234567890",
            email=f"bumdes{n}@contoh.id",
            **extra,
        )

    return make


@pytest.fixture
def zone(db):
    """A Sikka zone: Masabewa (53.07.01.2001) produces, .2003 and .2004 supply raw material."""
    zone = Zone.objects.create(
        regency_id="53.07",
        name="Zona Jagung Masabewa",
        slug="zona-jagung-masabewa",
        commodity="jagung",
    )
    zone.production_villages.set(["53.07.01.2001"])
    zone.buffer_villages.set(["53.07.01.2003", "53.07.01.2004"])
    return zone


@pytest.fixture
def seller(make_seller, zone):
    return make_seller(name="BUMDes Masabewa Sejahtera", zone=zone)


@pytest.fixture
def pengurus(make_user, seller):
    user = make_user(Role.SELLER_MEMBER, email="pengurus@contoh.id")
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.PENGURUS)
    return user


@pytest.fixture
def officer(make_user):
    return make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")


@pytest.fixture
def food(db):
    return Category.objects.get(slug="camilan-dan-kue")


@pytest.fixture
def make_product(db, seller, food):
    def make(*, seller=seller, category=food, name=None, price=25_000, published=False, **extra):
        n = next(_counter)
        product = Product.objects.create(
            seller=seller,
            category=category,
            name=name or f"Jagung titi {n}",
            slug=f"produk-{n}",
            origin_village_id=seller.village_id,
            is_published=published,
            **extra,
        )
        if price is not None:
            ProductVariant.objects.create(
                product=product, sku=f"SKU-{n}", name="250 g", price=price
            )
        return product

    return make


@pytest.fixture
def approve(officer):
    def make(product=None, *, type, number, seller=None, expires_at=None, issued_at=None):
        return Certificate.objects.create(
            product=product,
            seller=seller,
            type=type,
            number=number,
            issued_at=issued_at or timezone.localdate() - datetime.timedelta(days=30),
            expires_at=expires_at,
            status=Certificate.Status.APPROVED,
            reviewed_by=officer,
            reviewed_at=timezone.now(),
        )

    return make


def image_upload(
    fmt="JPEG", size=(640, 480), name=None, exif=None, color=(200, 80, 40)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "BMP": "bmp"}[fmt]
    return SimpleUploadedFile(name or f"foto.{ext}", buffer.getvalue(), content_type=f"image/{ext}")
