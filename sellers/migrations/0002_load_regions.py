from django.db import migrations


def load(apps, schema_editor):
    from sellers.regions import regions_load

    regions_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("sellers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
