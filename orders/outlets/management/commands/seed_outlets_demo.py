from django.core.management.base import BaseCommand
from django.db import transaction

from orders.outlets import demo


class Command(BaseCommand):
    help = (
        "After seed_demo: two NTT Mart outlets (Kota Kupang, Sikka) with assortments on both "
        "terms, deliveries, a POS token and a day of receipts. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            token = demo.seed_trading()
        self.stdout.write(self.style.SUCCESS("Outlet demo ready."))
        self.stdout.write(f"  Disperindag outlet officer: {demo.DEMO_OFFICER}")
        if token:
            self.stdout.write(f"  POS token of NTT Mart Kupang (shown once): {token}")
