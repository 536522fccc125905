"""One factory per model (factory_boy), for tests that need rows, not a journey.

Regions are the real Kemendagri rows loaded by the migrations, so the region
factories fetch by code (``VillageFactory(code="53.07.01.2001")``) and only
create when asked for an unknown code. Everything else is built fresh with
unique names, slugs, NIBs and SKUs. Money is whole rupiah.

    seller = SellerFactory(status=Seller.Status.ACTIVE)
    variant = ProductVariantFactory(product__seller=seller, price=25_000)
    order = OrderFactory(seller=seller, lines=3, events=2)

Journeys that go through the services (registering a lembaga, paying a
checkout) stay in ``tests/shopping.py`` and the apps' fixtures.
"""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from catalog.models import (
    Category,
    Certificate,
    CertificateType,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
)
from orders.models import (
    Checkout,
    CheckoutLine,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    Payment,
    ShippingMethod,
)
from sellers.models import District, Regency, Seller, SellerMember, Village, Zone
from shop.models import User
from shop.roles import Role

SIKKA = "53.07"
SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Paga, Kabupaten Sikka
KUPANG_VILLAGE = "53.71.01.1001"  # Namosain, Kota Kupang


class UserFactory(DjangoModelFactory):
    """A user; ``roles=[Role.X, ...]`` puts it in those groups (a consumer by default)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    first_name = "Maria"
    password = factory.django.Password("rahasia-kuat-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for role in extracted or (Role.CONSUMER,):
                self.groups.add(Group.objects.get(name=role))


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    code = SIKKA
    name = "Kabupaten Sikka"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "53.07.01"
    name = "Paga"
    regency = factory.SubFactory(RegencyFactory)


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    code = SIKKA_VILLAGE
    name = "Masabewa"
    kind = Village.Kind.DESA
    district = factory.SubFactory(DistrictFactory)


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone
        skip_postgeneration_save = True

    regency = factory.SubFactory(RegencyFactory)
    name = factory.Sequence(lambda n: f"Klaster Tenun {n}")
    slug = factory.Sequence(lambda n: f"klaster-tenun-{n}")
    commodity = "Tenun ikat"

    @factory.post_generation
    def production_villages(self, create, extracted, **kwargs):
        if create and extracted:
            self.production_villages.set(extracted)

    @factory.post_generation
    def buffer_villages(self, create, extracted, **kwargs):
        if create and extracted:
            self.buffer_villages.set(extracted)


class SellerFactory(DjangoModelFactory):
    """An ACTIVE lembaga (pass ``status`` for another); no members unless asked."""

    class Meta:
        model = Seller

    name = factory.Sequence(lambda n: f"BUMDes Contoh {n}")
    slug = factory.Sequence(lambda n: f"bumdes-contoh-{n}")
    kind = Seller.Kind.BUMDES
    status = Seller.Status.ACTIVE
    village = factory.SubFactory(VillageFactory)
    nib = factory.Sequence(lambda n: f"{9_120_000_000_000 + n}")
    phone = "+6281234567890"
    email = factory.Sequence(lambda n: f"lembaga{n}@contoh.id")
    bank_name = "Bank NTT"
    bank_account_number = "0010112345"
    bank_account_holder = "BUMDes Contoh"


class SellerMemberFactory(DjangoModelFactory):
    class Meta:
        model = SellerMember

    seller = factory.SubFactory(SellerFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.SELLER_MEMBER])
    role = SellerMember.Role.PENGURUS


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class ProductFactory(DjangoModelFactory):
    """A published product of an ACTIVE seller, made in the seller's village."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    seller = factory.SubFactory(SellerFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Tenun ikat {n:03d}")
    slug = factory.Sequence(lambda n: f"tenun-ikat-{n}")
    origin_village = factory.SelfAttribute("seller.village")
    is_published = True

    @factory.post_generation
    def buffer_villages(self, create, extracted, **kwargs):
        if create and extracted:
            self.buffer_villages.set(extracted)


class ProductVariantFactory(DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "Standar"
    price = 250_000
    weight_grams = 800


class ProductMediaFactory(DjangoModelFactory):
    """An image row (the file itself is not written: enough for lists and URLs)."""

    class Meta:
        model = ProductMedia

    product = factory.SubFactory(ProductFactory)
    image = factory.Sequence(lambda n: f"products/foto-{n}.jpg")
    width = 640
    height = 480
    alt = "Foto produk"


class CertificateFactory(DjangoModelFactory):
    """An approved certificate of a product (pass ``product=None, seller=...`` for a
    seller's own), issued 30 days ago and valid for years."""

    class Meta:
        model = Certificate

    product = factory.SubFactory(ProductFactory)
    seller = None
    type = CertificateType.HKI_MEREK
    number = factory.Sequence(lambda n: f"IDM{n:09d}")
    issuer = "DJKI"
    issued_at = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    expires_at = datetime.date(2034, 1, 1)
    status = Certificate.Status.APPROVED
    reviewed_at = factory.LazyFunction(timezone.now)


class StockLocationFactory(DjangoModelFactory):
    """A seller's own store room."""

    class Meta:
        model = StockLocation
        django_get_or_create = ("seller", "kind")

    seller = factory.SubFactory(SellerFactory)
    kind = StockLocation.Kind.SELLER
    name = factory.LazyAttribute(lambda o: f"Gudang {o.seller.name}")


class StockFactory(DjangoModelFactory):
    class Meta:
        model = Stock

    variant = factory.SubFactory(ProductVariantFactory)
    location = factory.SubFactory(
        StockLocationFactory, seller=factory.SelfAttribute("..variant.product.seller")
    )
    quantity = 10


class ShippingMethodFactory(DjangoModelFactory):
    """A courier with the usual three price bands."""

    class Meta:
        model = ShippingMethod

    seller = factory.SubFactory(SellerFactory)
    name = "Kurir JNE"
    kind = ShippingMethod.Kind.COURIER
    same_regency_base = 10_000
    same_regency_per_kg = 5_000
    ntt_base = 25_000
    ntt_per_kg = 10_000
    outside_base = 60_000
    outside_per_kg = 30_000


class CheckoutFactory(DjangoModelFactory):
    """A cart with a Kupang delivery address (add ``CheckoutLineFactory`` rows)."""

    class Meta:
        model = Checkout

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    ship_name = "Maria Goreti"
    ship_phone = "+6281234567890"
    ship_street = "Jl. El Tari No. 5"
    ship_village = factory.SubFactory(
        VillageFactory, code=KUPANG_VILLAGE, name="Namosain", district__code="53.71.01"
    )
    ship_postal_code = "85228"


class CheckoutLineFactory(DjangoModelFactory):
    class Meta:
        model = CheckoutLine

    checkout = factory.SubFactory(CheckoutFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    quantity = 1


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = Payment

    checkout = factory.SubFactory(CheckoutFactory)
    gateway = Payment.Gateway.DUMMY
    status = Payment.Status.SUCCEEDED
    amount = 285_000
    captured_amount = factory.SelfAttribute("amount")
    idempotency_key = factory.Sequence(lambda n: f"bayar-{n}")


class OrderFactory(DjangoModelFactory):
    """A paid order of one seller; ``lines=N`` and ``events=N`` add that many rows."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"OVOP-2026-{n:06d}")
    payment = factory.SubFactory(PaymentFactory)
    checkout = factory.SelfAttribute("payment.checkout")
    seller = factory.SubFactory(SellerFactory)
    user = factory.SelfAttribute("checkout.user")
    status = Order.Status.PAID
    email = factory.SelfAttribute("checkout.email")
    ship_name = "Maria Goreti"
    ship_phone = "+6281234567890"
    ship_street = "Jl. El Tari No. 5"
    ship_village = factory.SelfAttribute("checkout.ship_village")
    ship_regency = factory.LazyAttribute(
        lambda o: RegencyFactory(code=o.ship_village.district.regency_id)
    )
    ship_postal_code = "85228"
    shipping_method_name = "Kurir JNE"
    subtotal = 250_000
    shipping_total = 35_000
    total = 285_000
    commission_percent = 5
    commission_amount = 12_500
    seller_payout = 272_500
    paid_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        for _ in range(extracted or 0):
            OrderLineFactory(order=self)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        for _ in range(extracted or 0):
            OrderEventFactory(order=self)


class OrderLineFactory(DjangoModelFactory):
    """A line frozen at purchase (no variant: the catalog may have changed since)."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    variant = None
    product_name = factory.Sequence(lambda n: f"Tenun ikat {n}")
    variant_name = "Standar"
    sku = factory.Sequence(lambda n: f"SKU-L{n:05d}")
    quantity = 1
    unit_price = 250_000
    total = factory.LazyAttribute(lambda o: o.unit_price * o.quantity)
    weight_grams = 800


class OrderEventFactory(DjangoModelFactory):
    class Meta:
        model = OrderEvent

    order = factory.SubFactory(OrderFactory)
    type = OrderEventType.PAID
    from_status = Order.Status.UNPAID
    to_status = Order.Status.PAID
    actor = None
