"""The ASN's NIP encrypted at rest (shop.encryption): a token and a keyed digest
replace the plain column; the NIPs already recorded are encrypted in place."""

from django.db import migrations, models

from shop import encryption

PURPOSE = "asn-nip"  # promotions.models.nip_digest's


def encrypt_recorded(apps, schema_editor):
    participants = apps.get_model("promotions", "AsnParticipant")
    for row in participants.objects.filter(nip__isnull=False).only("pk", "nip"):
        participants.objects.filter(pk=row.pk).update(
            nip_encrypted=encryption.encrypt(row.nip),
            nip_digest=encryption.digest(row.nip, purpose=PURPOSE),
            nip=None,
        )


def decrypt_recorded(apps, schema_editor):
    participants = apps.get_model("promotions", "AsnParticipant")
    for row in participants.objects.only("pk", "nip_encrypted"):
        participants.objects.filter(pk=row.pk).update(
            nip=encryption.decrypt(row.nip_encrypted)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0002_promo_asn_participant"),
    ]

    operations = [
        migrations.AddField(
            model_name="asnparticipant",
            name="nip_encrypted",
            field=models.TextField(
                default="", editable=False, verbose_name="NIP (terenkripsi)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="asnparticipant",
            name="nip_digest",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="asnparticipant",
            name="nip",
            field=models.CharField(max_length=18, null=True, unique=True, verbose_name="NIP"),
        ),
        migrations.RunPython(encrypt_recorded, decrypt_recorded, elidable=False),
        migrations.RemoveField(model_name="asnparticipant", name="nip"),
        migrations.AlterField(
            model_name="asnparticipant",
            name="nip_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
