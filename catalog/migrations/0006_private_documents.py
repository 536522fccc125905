"""Certificate scans move from public media to the private storage, under names the store makes.

The extension follows the content (PDF, JPEG, PNG; anything else becomes .bin and
is served as application/octet-stream), so an old ``<hex>-c.html`` is never
served as HTML again. A row whose file is missing keeps its name (the view
answers 404). Moving back is not supported: the files stay private.
"""

import secrets

import catalog.models
import shop.private_files
from django.db import migrations, models

SIGNATURES = ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))


def move_to_private_storage(apps, schema_editor):
    from django.core.files.storage import storages

    public, private = storages["default"], storages["private"]
    Certificate = apps.get_model("catalog", "Certificate")
    for cert in Certificate.objects.exclude(document="").only("pk", "type", "document"):
        old = cert.document.name
        if not public.exists(old):
            continue
        with public.open(old, "rb") as handle:
            head = handle.read(16)
            handle.seek(0)
            extension = next((ext for sig, ext in SIGNATURES if head.startswith(sig)), "bin")
            name = f"certificates/{cert.type.lower()}/{secrets.token_hex(16)}.{extension}"
            new = private.save(name, handle)
        Certificate.objects.filter(pk=cert.pk).update(document=new)
        public.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_category_rules_inherit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="document",
            field=models.FileField(
                blank=True,
                storage=shop.private_files.private_storage,
                upload_to=catalog.models.certificate_document_path,
                verbose_name="dokumen",
            ),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
