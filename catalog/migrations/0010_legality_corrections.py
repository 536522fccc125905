"""Legality corrections of issue #14.

BPOM ML registers imported food, so no village product may rely on it: it leaves
every category's rules (MD and P-IRT stay). Sopi/moke are alcoholic: not
halal-applicable (they always carry the "tidak halal" statement) and 21+.
"""

from django.db import migrations

ML = "BPOM_ML"
ALCOHOL_STATEMENT = "Minuman beralkohol. Produk ini tidak halal."


def correct(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Product = apps.get_model("catalog", "Product")
    for category in Category.objects.exclude(certificate_rules=None):
        rules = category.certificate_rules or []
        cleaned = [[t for t in group if t != ML] for group in rules]
        cleaned = [group for group in cleaned if group]
        if cleaned != rules:
            category.certificate_rules = cleaned
            category.save(update_fields=["certificate_rules"])
    alcoholic = Category.objects.filter(slug="sopi-moke")
    alcoholic.update(is_alcoholic=True, halal_applicable=False, min_buyer_age=21)
    for product in Product.objects.filter(category__in=alcoholic):
        product.is_halal = False
        product.non_halal_statement = product.non_halal_statement or ALCOHOL_STATEMENT
        product.save(update_fields=["is_halal", "non_halal_statement"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_category_is_alcoholic")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
