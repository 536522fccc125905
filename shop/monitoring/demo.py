"""Demo monitoring: a year of sales facts from the demo orders, two interventions, and the
last closed semester's report walked to SUBMITTED; idempotent."""

import datetime

from django.utils import timezone

from orders.models import Order
from sellers.models import Seller
from shop.models import User

from .facts import facts_refresh
from .models import Intervention, ReportDocument
from .periods import period_containing
from .services import report_generate_for_period


def seed() -> dict[str, int]:
    """Refresh every demo order's facts (the history is back-dated with ``update()``, which
    sends no signal), then add what is missing; answer what was written."""
    facts = facts_refresh(order_ids=Order.objects.values_list("pk", flat=True))
    staff = User.objects.filter(email="pmd@ovop.test").first()
    ahli = User.objects.filter(email="ahli@ovop.test").first()
    vetter = User.objects.filter(email="verifikasi@ovop.test").first()
    created = {"facts": facts, "interventions": 0, "reports": 0}
    if staff is None or ahli is None:
        return created
    today = timezone.localdate()
    sellers = list(
        Seller.objects.filter(status=Seller.Status.ACTIVE, orders__isnull=False)
        .distinct()
        .order_by("nib")[:2]
    )
    if len(sellers) == 2 and not Intervention.objects.exists():
        Intervention.objects.create(
            seller=sellers[0],
            kind=Intervention.Kind.TRAINING,
            date=today - datetime.timedelta(days=150),
            topic="Pewarna alami dan pemasaran daring tenun ikat",
            organiser="Dinas Perindustrian dan Perdagangan Provinsi NTT",
            trainees=18,
            curriculum="Pewarnaan alami (2 hari), foto produk, katalog daring, penetapan harga.",
            recorded_by=staff,
        )
        Intervention.objects.create(
            seller=sellers[1],
            kind=Intervention.Kind.GRANT,
            date=today - datetime.timedelta(days=120),
            items="1 mesin sangrai kopi 5 kg, 1 mesin giling, 1 sealer kemasan",
            value=48_500_000,
            funding_source="APBD Provinsi NTT (Dinas PMD)",
            vetted_by=vetter,
            vetted_at=timezone.now() if vetter else None,
            recorded_by=staff,
        )
        created["interventions"] = 2
    if not ReportDocument.objects.exists():
        current = period_containing(today)
        period = current.previous()
        report = report_generate_for_period(period=period, actor=staff)
        now = timezone.now()
        ReportDocument.objects.filter(pk=report.pk).update(
            status=ReportDocument.Status.SUBMITTED,
            reviewed_by=ahli,
            reviewed_at=now,
            review_note="Angka omzet sesuai transaksi; lanjutkan pendampingan di kabupaten "
            "dengan penjualan rendah.",
            submitted_by=staff,
            submitted_at=now,
        )
        created["reports"] = 1
    return created
