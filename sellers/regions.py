"""Loading the Kemendagri region data shipped in ``sellers/data/wilayah-ntt``."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data" / "wilayah-ntt"


@dataclass(frozen=True)
class RegionCounts:
    regencies: int
    districts: int
    villages: int


def _rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def village_kind(code: str) -> str:
    """Kemendagri numbers kelurahan 1xxx and desa 2xxx within a kecamatan."""
    return "KELURAHAN" if code.rsplit(".", 1)[1].startswith("1") else "DESA"


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR, apps=None) -> RegionCounts:
    """Insert or update every region; running it twice changes nothing.

    Rows are upserted by code, so a newer data release renames places
    without breaking the sellers and addresses that point at them. A data
    migration passes its historical ``apps`` so every database, the test
    one included, starts with the regions.
    """
    if apps is not None:
        Regency = apps.get_model("sellers", "Regency")
        District = apps.get_model("sellers", "District")
        Village = apps.get_model("sellers", "Village")
    else:
        from .models import District, Regency, Village
    regencies = [Regency(code=r["code"], name=r["name"]) for r in _rows(data_dir, "regencies.csv")]
    districts = [
        District(code=r["code"], regency_id=r["regency_code"], name=r["name"])
        for r in _rows(data_dir, "districts.csv")
    ]
    villages = [
        Village(
            code=r["code"],
            district_id=r["district_code"],
            name=r["name"],
            kind=village_kind(r["code"]),
        )
        for r in _rows(data_dir, "villages.csv")
    ]
    Regency.objects.bulk_create(
        regencies, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )
    District.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "regency"],
        batch_size=1000,
    )
    Village.objects.bulk_create(
        villages,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "district", "kind"],
        batch_size=1000,
    )
    return RegionCounts(
        regencies=Regency.objects.count(),
        districts=District.objects.count(),
        villages=Village.objects.count(),
    )
