"""Make "inherit from the parent" explicit in category rules.

Before, ``certificate_rules == []`` and ``halal_applicable == False`` on a sub-category
meant "inherit", so no sub-category could opt out (green coffee beans inherited the
roasted coffee rules). Now ``None`` means inherit and ``[]`` / ``False`` mean "needs
nothing". Sub-categories that the taxonomy (0002) meant to need nothing beyond the NIB
keep ``[]`` / ``False``: raw goods (green beans, raw seaweed, candlenut and forest
products) and textiles and crafts. Every other sub-category whose rules were empty or
equal to its parent's now inherits (as it effectively did), so officers' later changes
to a parent reach it.
"""

from django.db import migrations, models

NEEDS_NOTHING = {
    "kopi-biji-mentah",
    "rumput-laut",
    "kemiri-dan-hhbk-lain",
    "tenun-ikat",
    "tenun-songket-buna",
    "busana-dan-aksesori-tenun",
    "anyaman",
    "ukiran-dan-gerabah",
}


def to_explicit_inherit(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for category in Category.objects.filter(parent__isnull=False).select_related("parent"):
        if category.slug in NEEDS_NOTHING:
            category.certificate_rules = category.certificate_rules or []
            category.halal_applicable = bool(category.halal_applicable)
        else:
            parent = category.parent
            if (
                not category.certificate_rules
                or category.certificate_rules == parent.certificate_rules
            ):
                category.certificate_rules = None
            if (
                not category.halal_applicable
                or category.halal_applicable == parent.halal_applicable
            ):
                category.halal_applicable = None
        category.save(update_fields=["certificate_rules", "halal_applicable"])
    Category.objects.filter(parent__isnull=True, certificate_rules__isnull=True).update(
        certificate_rules=[]
    )
    Category.objects.filter(parent__isnull=True, halal_applicable__isnull=True).update(
        halal_applicable=False
    )


def to_implicit_inherit(apps, schema_editor):
    """Back to the old meaning; a sub-category that opted out inherits again."""
    Category = apps.get_model("catalog", "Category")
    Category.objects.filter(certificate_rules__isnull=True).update(certificate_rules=[])
    Category.objects.filter(halal_applicable__isnull=True).update(halal_applicable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_search_entry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="certificate_rules",
            field=models.JSONField(
                blank=True,
                default=None,
                help_text="Kosong: ikut induk. [] : tidak perlu sertifikat apa pun selain NIB.",
                null=True,
                verbose_name="aturan sertifikat",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="halal_applicable",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Kosong: ikut induk.",
                null=True,
                verbose_name="wajib halal atau pernyataan tidak halal",
            ),
        ),
        migrations.RunPython(to_explicit_inherit, to_implicit_inherit),
    ]
