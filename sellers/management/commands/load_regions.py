from django.core.management.base import BaseCommand

from sellers.regions import regions_load


class Command(BaseCommand):
    help = "Load (or refresh) NTT's kabupaten, kecamatan and desa/kelurahan. Idempotent."

    def handle(self, *args, **options) -> None:
        counts = regions_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {counts.regencies} kabupaten/kota, {counts.districts} kecamatan, "
                f"{counts.villages} desa/kelurahan."
            )
        )
