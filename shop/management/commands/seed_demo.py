from django.core.management.base import BaseCommand
from django.db import transaction

from catalog import demo as catalog_demo
from orders import demo as orders_demo
from orders.reviews import demo as reviews_demo
from promotions import demo as promotions_demo
from sellers import demo as sellers_demo
from shop.demo import DEMO_CONSUMERS, DEMO_PASSWORD, DEMO_USERS, seed_users
from shop.monitoring import demo as monitoring_demo


class Command(BaseCommand):
    help = (
        "Create a deterministic, realistic demo world: lembaga, products, stock and a "
        "year of orders. Safe to run again (creates nothing the second time)."
    )

    def handle(self, *args, **options) -> None:
        # All or nothing; the report is written after the commit, so a closed stdout
        # (``seed_demo | head``) cannot roll the seed back.
        with transaction.atomic():
            seed_users()
            sellers_demo.seed()
            catalog_demo.seed()  # needs ACTIVE sellers
            orders_demo.seed()  # shipping methods of active sellers
            orders = orders_demo.seed_history()  # a year of orders; needs all of the above
            reviews_demo.seed()  # reviews of the completed orders, some answered
            promotions_demo.seed()  # campaigns after the history, which keeps its prices
            monitoring = monitoring_demo.seed()  # facts of those orders, a submitted report
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({orders} new orders). Sign in with (password {DEMO_PASSWORD}):"
            )
        )
        self.stdout.write(
            f"Monitoring: {monitoring['facts']} sales facts, "
            f"{monitoring['interventions']} new interventions, {monitoring['reports']} new reports."
        )
        for email, *_rest in DEMO_USERS:
            self.stdout.write(f"  {email}")
        self.stdout.write(f"  and {len(DEMO_CONSUMERS)} demo buyers @pembeli.ovop.test")
