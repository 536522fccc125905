import datetime
import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shop.monitoring.facts import CHUNK, facts_refresh, order_ids_in_range
from shop.monitoring.periods import range_period


class Command(BaseCommand):
    help = "Rebuild the sales facts of the orders paid between two dates (WITA, both included)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, start: str, end: str, no_progress: bool = False, **options) -> None:
        try:
            period = range_period(
                start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end)
            )
        except ValueError as exc:
            raise CommandError(f"Bad date: {exc}") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        ids = order_ids_in_range(start=period.start, end=period.end)
        began, rows = time.monotonic(), 0
        with tqdm(total=len(ids), unit="order", disable=no_progress, file=sys.stderr) as bar:
            for done in range(0, len(ids), CHUNK):
                chunk = ids[done : done + CHUNK]
                rows += facts_refresh(order_ids=chunk)
                bar.update(len(chunk))
        seconds = time.monotonic() - began
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(ids)} orders, {rows} fact rows in {seconds:.1f} s ({period.label})"
            )
        )
