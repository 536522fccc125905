from django.core.management.base import BaseCommand

from promotions.asn import asn_nips_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt the personal data kept encrypted (the ASN's NIP) with the first key of "
        "PERSONAL_DATA_KEYS. Rotation: put the new key first (keep the old one after it), "
        "deploy, run this, then drop the old key."
    )

    def handle(self, *args, **options) -> None:
        count = asn_nips_reencrypt()
        self.stdout.write(f"{count} NIP re-encrypted with the first key.")
