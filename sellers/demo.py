"""Demo OVOP zones and lembaga ekonomi in several kabupaten, on real village codes.

Names are invented but typical of NTT; village codes and commodities are
real (see ../shared/data/ovop-products.csv). Idempotent: keyed by zone slug
and seller NIB.
"""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from shop.models import User
from shop.roles import Role

from .models import (
    LocationChecklist,
    OfficerRegency,
    OpdAssignment,
    PendampingAssignment,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerMember,
    Zone,
)
from .signals import seller_status_changed

ZONES = [
    {
        "slug": "sikka-klaster-tenun-ikat-nita",
        "regency": "53.07",
        "name": "Klaster Tenun Ikat Nita",
        "commodity": "Tenun ikat pewarna alam",
        "description": "Tenun ikat Sikka bermotif leluhur, diwarnai akar mengkudu dan tarum.",
        "production": ["53.07.04.2001", "53.07.04.2005"],
        "buffer": ["53.07.04.2002", "53.07.04.2003"],
    },
    {
        "slug": "timor-tengah-selatan-kawasan-madu-hutan-mutis",
        "regency": "53.02",
        "name": "Kawasan Madu Hutan Mutis",
        "commodity": "Madu hutan",
        "description": "Madu lebah hutan dari kaki Gunung Mutis, dipanen secara lestari.",
        "production": ["53.02.12.2004", "53.02.12.2001"],
        "buffer": ["53.02.12.2010", "53.02.12.2009"],
    },
    {
        "slug": "ngada-zona-kopi-arabika-bajawa",
        "regency": "53.09",
        "name": "Zona Kopi Arabika Bajawa",
        "commodity": "Kopi Arabika Flores Bajawa",
        "description": "Kopi arabika dataran tinggi Bajawa (Indikasi Geografis).",
        "production": ["53.09.06.2004"],
        "buffer": ["53.09.06.2027", "53.09.06.2033"],
    },
    {
        "slug": "malaka-klaster-kelor-io-kufeu",
        "regency": "53.21",
        "name": "Klaster Kelor Io Kufeu",
        "commodity": "Tepung dan kapsul kelor",
        "description": "Daun kelor dari kebun warga diolah menjadi tepung dan kapsul.",
        "production": ["53.21.06.2002"],
        "buffer": ["53.21.06.2001", "53.21.06.2003"],
    },
    {
        "slug": "alor-kawasan-hasil-laut-alor-barat-laut",
        "regency": "53.05",
        "name": "Kawasan Hasil Laut Alor Barat Laut",
        "commodity": "Ikan asap dan abon ikan",
        "description": "Ikan tangkapan nelayan diasap dan diolah menjadi abon.",
        "production": ["53.05.02.2004"],
        "buffer": ["53.05.02.2003"],
    },
    {
        "slug": "kupang-zona-rumput-laut-tablolong",
        "regency": "53.01",
        "name": "Zona Rumput Laut Tablolong",
        "commodity": "Rumput laut kering",
        "description": "Budidaya rumput laut di perairan Tablolong.",
        "production": ["53.01.05.2011"],
        "buffer": ["53.01.05.2005"],
    },
    {
        "slug": "kupang-kawasan-madu-hutan-amfoang",
        "regency": "53.01",
        "name": "Kawasan Madu Hutan Amfoang",
        "commodity": "Madu hutan dan jagung bose",
        "description": "Madu lebah hutan dari hutan Amfoang dan jagung lokal olahan warga.",
        "production": ["53.01.13.2001", "53.01.13.2003"],
        "buffer": ["53.01.13.2004", "53.01.13.2005"],
    },
    {
        "slug": "kota-kupang-zona-pangan-olahan-kota-kupang",
        "regency": "53.71",
        "name": "Zona Pangan Olahan Kota Kupang",
        "commodity": "Se'i dan sopi terstandar",
        "description": "Se'i diasap dengan kayu kosambi dan sopi yang diolah sesuai standar.",
        "production": ["53.71.05.1004", "53.71.01.1006"],
        "buffer": ["53.71.05.1005", "53.71.01.1005"],
    },
    {
        "slug": "alor-kawasan-vanili-alor-selatan",
        "regency": "53.05",
        "name": "Kawasan Vanili Alor Selatan",
        "commodity": "Vanili dan tenun ikat Alor",
        "description": "Vanili Kepulauan Alor (Indikasi Geografis) dan tenun ikat mama-mama Kuneman.",
        "production": ["53.05.04.2005"],
        "buffer": ["53.05.04.2003", "53.05.04.2006"],
    },
    {
        "slug": "flores-timur-klaster-kemiri-tanjung-bunga",
        "regency": "53.06",
        "name": "Klaster Kemiri Tanjung Bunga",
        "commodity": "Minyak kemiri",
        "description": "Kemiri dari kebun Tanjung Bunga dipres dingin menjadi minyak.",
        "production": ["53.06.05.2006"],
        "buffer": ["53.06.05.2007", "53.06.05.2008"],
    },
    {
        "slug": "manggarai-zona-kopi-arabika-wae-rii",
        "regency": "53.10",
        "name": "Zona Kopi Arabika Wae Rii",
        "commodity": "Kopi Arabika Flores Manggarai",
        "description": "Kopi arabika dataran tinggi Manggarai (Indikasi Geografis).",
        "production": ["53.10.01.2003"],
        "buffer": ["53.10.01.2002", "53.10.01.2005"],
    },
    {
        "slug": "rote-ndao-zona-rumput-laut-oeseli",
        "regency": "53.14",
        "name": "Zona Rumput Laut Oeseli",
        "commodity": "Rumput laut kering",
        "description": "Budidaya rumput laut di perairan Rote Barat Daya.",
        "production": ["53.14.01.2005"],
        "buffer": ["53.14.01.2006", "53.14.01.2008"],
    },
    {
        "slug": "timor-tengah-selatan-klaster-garam-oebelo",
        "regency": "53.02",
        "name": "Klaster Garam Oebelo",
        "commodity": "Garam beriodium",
        "description": "Garam dari tambak pesisir selatan Timor, dicuci dan diberi iodium.",
        "production": ["53.02.06.2003"],
        "buffer": ["53.02.06.2002", "53.02.06.2004"],
    },
    {
        "slug": "ngada-klaster-tenun-ikat-jerebuu",
        "regency": "53.09",
        "name": "Klaster Tenun Ikat Jerebuu",
        "commodity": "Tenun ikat Ngada",
        "description": "Tenun ikat Ngada dari kampung adat sekitar Bena dan Tiworiwu.",
        "production": ["53.09.12.2002"],
        "buffer": ["53.09.12.2001", "53.09.12.2004"],
    },
]

S = Seller.Status

SELLERS = [
    {
        "nib": "9120001234501",
        "name": "Kelompok Tenun Ikat Lepo Nita",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.07.04.2001",
        "zone": "sikka-klaster-tenun-ikat-nita",
        "status": S.ACTIVE,
        "phone": "+6281237000101",
        "story": "Di Desa Nita, mama-mama penenun mewariskan motif leluhur dari generasi ke "
        "generasi. Benang dipintal sendiri dan diwarnai dengan akar mengkudu, daun tarum "
        "dan kulit kayu dari kebun desa penyangga Takaplager dan Tebuk.",
        "pengurus": "pengurus@ovop.test",
        "pendamping": "pendamping@ovop.test",
    },
    {
        "nib": "9120001234502",
        "name": "BUMDes Fatumnasi Mandiri",
        "kind": Seller.Kind.BUMDES,
        "village": "53.02.12.2004",
        "zone": "timor-tengah-selatan-kawasan-madu-hutan-mutis",
        "status": S.ACTIVE,
        "phone": "+6285239000202",
        "story": "Hutan ampupu di kaki Gunung Mutis menjadi rumah lebah hutan. Warga Fatumnasi "
        "memanen madu dengan cara tradisional tanpa merusak sarang.",
        # Dinas LHK assists HHBK groups (Pergub VI.1.g): read access only.
        "opd": ("opd@ovop.test", "LHK", "Pendampingan panen madu hutan lestari (HHBK)"),
    },
    {
        "nib": "9120001234503",
        "name": "Koperasi Desa Merah Putih Ubedolumolo",
        "kind": Seller.Kind.KOPERASI_DESA_MERAH_PUTIH,
        "village": "53.09.06.2004",
        "zone": "ngada-zona-kopi-arabika-bajawa",
        "status": S.ACTIVE,
        "phone": "+6281339000303",
        "story": "Petani kopi Ubedolumolo memetik ceri merah dan mengolahnya secara basah di "
        "unit pengolahan koperasi, menghasilkan arabika Bajawa yang harum.",
    },
    {
        "nib": "9120001234504",
        "name": "BUMDes M'rian Kufeu",
        "kind": Seller.Kind.BUMDES,
        "village": "53.21.06.2002",
        "zone": "malaka-klaster-kelor-io-kufeu",
        "status": S.ACTIVE,
        "phone": "+6282145000404",
        "story": "Kelor tumbuh di setiap pekarangan Kufeu. BUMDes mengeringkan dan menggiling "
        "daunnya menjadi tepung kaya gizi.",
    },
    {
        "nib": "9120001234505",
        "name": "Kelompok Usaha Ikan Asap Alor Besar",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.05.02.2004",
        "zone": "alor-kawasan-hasil-laut-alor-barat-laut",
        "status": S.SUBMITTED,
        "phone": "+6281353000505",
        "story": "Ikan hasil tangkapan nelayan Alor Besar diasap dengan kayu kusambi.",
    },
    {
        "nib": "9120001234506",
        "name": "BUMDes Tablolong Bahari",
        "kind": Seller.Kind.BUMDES,
        "village": "53.01.05.2011",
        "zone": "kupang-zona-rumput-laut-tablolong",
        "status": S.DRAFT,
        "phone": "+6281246000606",
        "story": "",
    },
    {
        "nib": "9120001234507",
        "name": "BUMDes Afoan Lestari",
        "kind": Seller.Kind.BUMDES,
        "village": "53.01.13.2001",
        "zone": "kupang-kawasan-madu-hutan-amfoang",
        "status": S.ACTIVE,
        "phone": "+6281237000707",
        "story": "Di hutan Amfoang warga Afoan memanen madu lebah hutan dua kali setahun "
        "dan mengolah jagung lokal menjadi jagung bose siap masak.",
    },
    {
        "nib": "9120001234508",
        "name": "Kelompok Usaha Se'i Naikoten",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.71.05.1004",
        "zone": "kota-kupang-zona-pangan-olahan-kota-kupang",
        "status": S.ACTIVE,
        "phone": "+6281246000808",
        "story": "Se'i Naikoten diasap perlahan di atas bara kayu kosambi dan daun kosambi, "
        "resep keluarga yang dijaga sejak 1980-an.",
    },
    {
        "nib": "9120001234509",
        "name": "Koperasi Produsen Sopi Manutapen",
        "kind": Seller.Kind.KOPERASI_DESA_MERAH_PUTIH,
        "village": "53.71.01.1006",
        "zone": "kota-kupang-zona-pangan-olahan-kota-kupang",
        "status": S.ACTIVE,
        "phone": "+6281246000909",
        "story": "Penyuling sopi Manutapen bergabung dalam koperasi agar sopi diolah, diuji "
        "dan dikemas sesuai standar (Pergub NTT No. 44 Tahun 2019).",
    },
    {
        "nib": "9120001234510",
        "name": "Koperasi Desa Merah Putih Kuneman",
        "kind": Seller.Kind.KOPERASI_DESA_MERAH_PUTIH,
        "village": "53.05.04.2005",
        "zone": "alor-kawasan-vanili-alor-selatan",
        "status": S.ACTIVE,
        "phone": "+6281353001010",
        "story": "Petani Kuneman menyerbukkan bunga vanili dengan tangan dan memeram polongnya "
        "berminggu-minggu; mama-mama menenun ikat Alor di sela musim kebun.",
    },
    {
        "nib": "9120001234511",
        "name": "Kelompok Tani Kemiri Lewobunga",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.06.05.2006",
        "zone": "flores-timur-klaster-kemiri-tanjung-bunga",
        "status": S.ACTIVE,
        "phone": "+6281339001111",
        "story": "Kemiri dipungut dari kebun warga Lewobunga, dipecah dan dipres dingin.",
    },
    {
        "nib": "9120001234512",
        "name": "Koperasi Produsen Kopi Poco",
        "kind": Seller.Kind.KOPERASI_DESA_MERAH_PUTIH,
        "village": "53.10.01.2003",
        "zone": "manggarai-zona-kopi-arabika-wae-rii",
        "status": S.ACTIVE,
        "phone": "+6281339001212",
        "story": "Petani Poco di lereng Ruteng memetik ceri merah arabika dan menjemurnya di "
        "para-para bambu.",
    },
    {
        "nib": "9120001234513",
        "name": "Kelompok Pembudidaya Rumput Laut Oeseli",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.14.01.2005",
        "zone": "rote-ndao-zona-rumput-laut-oeseli",
        "status": S.REJECTED,
        "phone": "+6281246001313",
        "story": "Rumput laut dibudidayakan di perairan Oeseli.",
        "rejection_reason": "AD/ART belum ditandatangani seluruh pengurus dan rekening "
        "belum atas nama kelompok. Silakan lengkapi lalu ajukan lagi.",
    },
    {
        "nib": "9120001234514",
        "name": "Koperasi Garam Oebelo",
        "kind": Seller.Kind.KOPERASI_DESA_MERAH_PUTIH,
        "village": "53.02.06.2003",
        "zone": "timor-tengah-selatan-klaster-garam-oebelo",
        "status": S.ACTIVE,
        "phone": "+6285239001414",
        "story": "Petambak garam Oebelo menjemur air laut di tambak tanah liat, lalu mencuci "
        "dan memberi iodium di rumah produksi koperasi.",
    },
    {
        "nib": "9120001234515",
        "name": "Kelompok Tenun Ikat Tiworiwu",
        "kind": Seller.Kind.KELOMPOK_USAHA,
        "village": "53.09.12.2002",
        "zone": "ngada-klaster-tenun-ikat-jerebuu",
        "status": S.ACTIVE,
        "phone": "+6281339001515",
        "story": "Penenun Tiworiwu, tetangga kampung adat Bena, menenun ikat Ngada bermotif "
        "kuda dan gajah dengan pewarna alam.",
    },
]

_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zone(spec: dict) -> Zone:
    zone, _created = Zone.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "regency_id": spec["regency"],
            "name": spec["name"],
            "commodity": spec["commodity"],
            "description": spec["description"],
        },
    )
    zone.production_villages.set(spec["production"])
    zone.buffer_villages.set(spec["buffer"])
    return zone


def _events(seller: Seller, *, status: str, officer: User, pengurus: User | None) -> None:
    path = {
        S.DRAFT: [("", S.DRAFT)],
        S.SUBMITTED: [("", S.DRAFT), (S.DRAFT, S.SUBMITTED)],
        S.ACTIVE: [("", S.DRAFT), (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.ACTIVE)],
        S.REJECTED: [("", S.DRAFT), (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.REJECTED)],
    }[status]
    for old, new in path:
        actor = officer if new in (S.ACTIVE, S.REJECTED) else pengurus
        SellerEvent.objects.create(
            seller=seller,
            actor=actor,
            from_status=old,
            to_status=new,
            notified_at=timezone.now(),
        )


def seed() -> list[Seller]:
    """Create (or refresh) the demo zones and lembaga; idempotent."""
    zones = {spec["slug"]: _zone(spec) for spec in ZONES}
    officer = User.objects.filter(email="pmd@ovop.test").first()
    sikka_officer = User.objects.filter(email="sikka@ovop.test").first()
    if sikka_officer is not None:
        OfficerRegency.objects.get_or_create(user=sikka_officer, regency_id="53.07")
    member_group = Group.objects.get(name=Role.SELLER_MEMBER)
    sellers = []
    for spec in SELLERS:
        slug = slugify(spec["name"])
        seller, created = Seller.objects.update_or_create(
            nib=spec["nib"],
            defaults={
                "name": spec["name"],
                "slug": slug,
                "kind": spec["kind"],
                "village_id": spec["village"],
                "zone": zones[spec["zone"]],
                "phone": spec["phone"],
                "email": f"{slug}@desa.ovop.test",
                "address": f"Jalan Desa No. 1, {spec['village']}",
                "story": spec["story"],
                "description": zones[spec["zone"]].commodity,
                "bank_name": "Bank NTT",
                "bank_account_number": "00101" + spec["nib"][-5:],
                "bank_account_holder": spec["name"],
            },
        )
        pengurus = User.objects.filter(email=spec.get("pengurus", "")).first()
        if pengurus is not None:
            SellerMember.objects.get_or_create(
                seller=seller, user=pengurus, defaults={"role": SellerMember.Role.PENGURUS}
            )
            pengurus.groups.add(member_group)
        pendamping = User.objects.filter(email=spec.get("pendamping", "")).first()
        if pendamping is not None:
            PendampingAssignment.objects.get_or_create(seller=seller, user=pendamping)
        opd = spec.get("opd")
        opd_user = User.objects.filter(email=opd[0]).first() if opd else None
        if opd_user is not None:
            OpdAssignment.objects.get_or_create(
                seller=seller, user=opd_user, defaults={"agency": opd[1], "intervention": opd[2]}
            )
        if not seller.documents.exists():
            document = SellerDocument(
                seller=seller, kind=SellerDocument.Kind.AD_ART, content_type="application/pdf"
            )
            document.file.save("ad_art-demo.pdf", ContentFile(_PDF), save=True)
            SellerDocument.objects.create(
                seller=seller,
                kind=SellerDocument.Kind.SK,
                content_type="application/pdf",
                file=document.file.name,
            )
        if created:
            seller.status = spec["status"]
            now = timezone.now()
            if spec["status"] in (S.SUBMITTED, S.ACTIVE, S.REJECTED):
                seller.submitted_at = now
            if spec["status"] == S.REJECTED:
                seller.rejection_reason = spec["rejection_reason"]
            if spec["status"] == S.ACTIVE:
                seller.approved_at = now
                LocationChecklist.objects.update_or_create(
                    seller=seller,
                    defaults=dict.fromkeys(LocationChecklist.ITEMS, True)
                    | {"reviewed_by": officer},
                )
            seller.save()
            _events(seller, status=spec["status"], officer=officer, pengurus=pengurus)
            if spec["status"] != S.DRAFT:
                transaction.on_commit(
                    lambda pk=seller.pk, new=spec["status"]: seller_status_changed.send(
                        sender=Seller, seller_id=pk, old=S.DRAFT, new=new
                    )
                )
        sellers.append(seller)
    return sellers
