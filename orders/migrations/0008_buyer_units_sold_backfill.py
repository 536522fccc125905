# Count the units of orders paid before the "Terlaris" counter existed.
from django.db import migrations
from django.db.models import Sum


def backfill(apps, schema_editor):
    OrderLine = apps.get_model("orders", "OrderLine")
    Product = apps.get_model("catalog", "Product")
    sold = (
        OrderLine.objects.filter(order__paid_at__isnull=False, variant__isnull=False)
        .exclude(order__status__in=("CANCELLED", "REFUNDED"))
        .values("variant__product_id")
        .annotate(n=Sum("quantity"))
    )
    for row in sold:
        Product.objects.filter(pk=row["variant__product_id"]).update(units_sold=row["n"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_buyer_units_sold"),
        ("orders", "0007_buyer_transfer_proof"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
