from django.core.management.base import BaseCommand
from django.db import transaction

from catalog import demo as catalog_demo
from orders import demo as orders_demo
from sellers import demo as sellers_demo
from shop.demo import DEMO_PASSWORD, DEMO_USERS, seed_users


class Command(BaseCommand):
    help = "Create a deterministic, realistic demo world. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        seed_users()
        sellers_demo.seed()
        catalog_demo.seed()  # needs ACTIVE sellers
        orders_demo.seed()  # shipping methods of active sellers
        orders = orders_demo.seed_history()  # a year of orders; needs all of the above
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({orders} new orders). Sign in with (password {DEMO_PASSWORD}):"
            )
        )
        for email, *_rest in DEMO_USERS:
            self.stdout.write(f"  {email}")
