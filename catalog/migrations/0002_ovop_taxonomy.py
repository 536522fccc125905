"""Install the OVOP taxonomy and its legality rules in every database.

Officers edit the rules afterwards (admin); this migration only creates
categories that are missing, so it never overwrites their edits.
"""

from django.db import migrations

FOOD = [["PIRT", "BPOM_MD", "BPOM_ML"]]

# slug, name, name_en, parent slug, rules, halal_applicable, min_buyer_age, restriction note
TAXONOMY = [
    ("tenun-dan-kain", "Tenun dan kain", "Woven textiles", None, [], False, None, ""),
    ("tenun-ikat", "Tenun ikat", "Ikat weaving", "tenun-dan-kain", [], False, None, ""),
    ("tenun-songket-buna", "Tenun songket dan buna", "Songket and buna weaving", "tenun-dan-kain", [], False, None, ""),
    ("busana-dan-aksesori-tenun", "Busana dan aksesori tenun", "Woven clothing and accessories", "tenun-dan-kain", [], False, None, ""),
    ("kopi", "Kopi", "Coffee", None, FOOD, True, None, ""),
    ("kopi-bubuk-sangrai", "Kopi bubuk dan biji sangrai", "Ground and roasted coffee", "kopi", FOOD, True, None, ""),
    ("kopi-biji-mentah", "Kopi biji mentah (green bean)", "Green coffee beans", "kopi", [], False, None, ""),
    ("pangan-olahan", "Pangan olahan", "Processed food", None, FOOD, True, None, ""),
    ("camilan-dan-kue", "Camilan dan kue", "Snacks and cakes", "pangan-olahan", FOOD, True, None, ""),
    ("daging-olahan", "Daging olahan (se'i)", "Processed meat (se'i)", "pangan-olahan", FOOD, True, None, ""),
    ("bumbu-dan-saus", "Bumbu dan saus", "Spices and sauces", "pangan-olahan", FOOD, True, None, ""),
    ("madu-dan-hhbk", "Madu dan hasil hutan bukan kayu", "Honey and non-timber forest products", None, [], False, None, ""),
    ("madu", "Madu hutan", "Forest honey", "madu-dan-hhbk", FOOD, True, None, ""),
    ("kemiri-dan-hhbk-lain", "Kemiri dan hasil hutan lain", "Candlenut and other forest products", "madu-dan-hhbk", [], False, None, ""),
    ("hasil-laut", "Hasil laut", "Marine products", None, [], False, None, ""),
    ("rumput-laut", "Rumput laut", "Seaweed", "hasil-laut", [], False, None, ""),
    ("olahan-rumput-laut", "Olahan rumput laut", "Processed seaweed", "hasil-laut", FOOD, True, None, ""),
    ("garam", "Garam konsumsi", "Table salt", "hasil-laut", [["SNI"], ["PIRT", "BPOM_MD"]], True, None, ""),
    ("ikan-olahan", "Ikan olahan", "Processed fish", "hasil-laut", FOOD, True, None, ""),
    ("minuman", "Minuman", "Beverages", None, FOOD, True, None, ""),
    ("minuman-olahan", "Minuman olahan", "Processed beverages", "minuman", FOOD, True, None, ""),
    (
        "sopi-moke",
        "Minuman beralkohol tradisional (sopi/moke)",
        "Traditional spirits (sopi/moke)",
        "minuman",
        [["BPOM_MD", "BPOM_ML"]],
        True,
        21,
        "Hanya sopi/moke terstandar yang dijual, kepada pembeli berusia 21 tahun ke atas "
        "(Pergub NTT No. 44 Tahun 2019).",
    ),
    ("kerajinan", "Kerajinan", "Crafts", None, [], False, None, ""),
    ("anyaman", "Anyaman", "Woven crafts", "kerajinan", [], False, None, ""),
    ("ukiran-dan-gerabah", "Ukiran dan gerabah", "Carving and pottery", "kerajinan", [], False, None, ""),
    ("herbal-dan-kosmetik", "Herbal dan kosmetik", "Herbal and cosmetics", None, [], False, None, ""),
    ("kosmetik", "Kosmetik (kelor dan lainnya)", "Cosmetics (moringa and others)", "herbal-dan-kosmetik", [["BPOM_NA"]], False, None, ""),
    ("obat-tradisional", "Obat tradisional dan jamu", "Traditional medicine", "herbal-dan-kosmetik", [["BPOM_TR"]], False, None, ""),
    ("teh-dan-serbuk-herbal", "Teh dan serbuk herbal (kelor)", "Herbal tea and powder (moringa)", "herbal-dan-kosmetik", FOOD, True, None, ""),
]


def install(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    by_slug = {}
    for position, (slug, name, name_en, parent, rules, halal, age, note) in enumerate(TAXONOMY):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "parent": by_slug.get(parent),
                "position": position,
                "certificate_rules": rules,
                "halal_applicable": halal,
                "min_buyer_age": age,
                "restriction_note": note,
            },
        )
        by_slug[slug] = category


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_catalog")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
