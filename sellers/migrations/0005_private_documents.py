"""Founding documents move from public media to the private storage.

Their names were already made by the store from the sniffed content type
(``<kind>-<hex>.<pdf|jpg|png>``), so they keep them. A row whose file is
missing keeps its name (the view answers 404). Moving back is not supported.
"""

import sellers.models
import shop.private_files
from django.db import migrations, models


def move_to_private_storage(apps, schema_editor):
    from django.core.files.storage import storages

    public, private = storages["default"], storages["private"]
    SellerDocument = apps.get_model("sellers", "SellerDocument")
    for document in SellerDocument.objects.exclude(file="").only("pk", "file"):
        old = document.file.name
        if not public.exists(old):
            continue
        with public.open(old, "rb") as handle:
            new = private.save(old, handle)
        SellerDocument.objects.filter(pk=document.pk).update(file=new)
        public.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0004_event_notified_invitation_sent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sellerdocument",
            name="file",
            field=models.FileField(
                storage=shop.private_files.private_storage,
                upload_to=sellers.models.seller_document_path,
                verbose_name="berkas",
            ),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
