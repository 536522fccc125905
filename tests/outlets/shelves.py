"""What an outlet's shelf holds, read straight from the stock rows."""

from catalog.models import Stock


def stock_of(variant, location) -> int:
    row = Stock.objects.filter(variant=variant, location=location).first()
    return 0 if row is None else row.quantity
