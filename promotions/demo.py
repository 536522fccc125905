""" "Beli Produk NTT" demo campaigns: government-funded tenun, seller-funded coffee, a voucher.

Created after the year of demo orders, so the history keeps its prices; the
campaigns run from a week ago for two months. Safe to run again.
"""

from datetime import timedelta

from django.utils import timezone

from catalog.models import Category, Product
from sellers.models import Regency
from shop.models import User

from .models import AppliesTo, Campaign, DiscountType, FundedBy, SellerOptIn, Voucher

TENUN = "beli-produk-ntt-tenun-ikat"
KOPI = "kopi-flores-dari-lembaga"
VOUCHER = "voucher-belanja-ntt"
DEMO_VOUCHERS = ("TENUNNTT", "MADUNTT", "GARAMNTT")  # of the unambiguous alphabet


def seed(*, now=None) -> int:
    """Create the demo campaigns and vouchers once; answer how many campaigns were new."""
    now = now or timezone.now()
    staff = User.objects.filter(email="kampanye@ovop.test").first()
    tenun = Category.objects.filter(slug="tenun-ikat").first()
    kopi = Category.objects.filter(slug="kopi-bubuk-sangrai").first()
    if staff is None or tenun is None or kopi is None:
        return 0
    period = {"starts_at": now - timedelta(days=7), "ends_at": now + timedelta(days=60)}
    created = 0
    campaign, new = Campaign.objects.get_or_create(
        slug=TENUN,
        defaults={
            "name": "Beli Produk NTT: Tenun Ikat Sikka dan Ngada",
            "description": "Potongan 10% untuk setiap kain tenun ikat dari Kabupaten Sikka "
            "dan Ngada, dibiayai APBD Provinsi NTT melalui Disperindag.",
            "discount_type": DiscountType.PERCENTAGE,
            "value": 10,
            "funded_by": FundedBy.GOVERNMENT,
            "funding_reference": "APBD NTT 2026, DPA Disperindag 2.07.01",
            "budget": 25_000_000,
            "per_customer_limit": 3,
            "created_by": staff,
            **period,
        },
    )
    if new:
        created += 1
        campaign.categories.set([tenun])
        campaign.regencies.set(Regency.objects.filter(code__in=["53.07", "53.09"]))
    campaign, new = Campaign.objects.get_or_create(
        slug=KOPI,
        defaults={
            "name": "Kopi Flores dari Lembaga",
            "description": "Lembaga kopi memberi potongan Rp 5.000 per bungkus.",
            "discount_type": DiscountType.FIXED,
            "value": 5_000,
            "funded_by": FundedBy.SELLER,
            "funding_reference": "Dana promosi lembaga",
            "created_by": staff,
            **period,
        },
    )
    if new:
        created += 1
        campaign.categories.set([kopi])
        sellers = Product.objects.filter(category=kopi).values_list("seller_id", flat=True)
        for seller_id in sorted(set(sellers)):
            SellerOptIn.objects.get_or_create(
                campaign=campaign, seller_id=seller_id, defaults={"decided_at": now}
            )
    campaign, new = Campaign.objects.get_or_create(
        slug=VOUCHER,
        defaults={
            "name": "Voucher Belanja Produk NTT",
            "description": "Rp 25.000 untuk belanja minimal Rp 250.000, dengan kode voucher.",
            "discount_type": DiscountType.FIXED,
            "value": 25_000,
            "applies_to": AppliesTo.ORDER,
            "min_subtotal": 250_000,
            "voucher_only": True,
            "funded_by": FundedBy.GOVERNMENT,
            "funding_reference": "APBD NTT 2026, DPA Disperindag 2.07.02",
            "budget": 5_000_000,
            "created_by": staff,
            **period,
        },
    )
    if new:
        created += 1
        for code in DEMO_VOUCHERS:
            Voucher.objects.get_or_create(
                code=code,
                defaults={"campaign": campaign, "usage_limit": 100, "per_customer_limit": 1},
            )
    return created
