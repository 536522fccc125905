"""Every permission the marketplace checks, in one place.

They live on the user model's Meta (app label ``shop``) so that any app can
check ``user.has_perm(Perm.REVIEW_SELLERS.full)`` without importing another
app's models; roles (groups) are bundles of these.
"""

from enum import StrEnum


class Perm(StrEnum):
    REVIEW_SELLERS = "review_sellers"
    REVIEW_SELLERS_OWN_REGENCY = "review_sellers_own_regency"
    ACT_FOR_ASSIGNED_SELLERS = "act_for_assigned_sellers"
    MANAGE_OWN_SELLER = "manage_own_seller"
    MANAGE_CATALOG_RULES = "manage_catalog_rules"
    REVIEW_CERTIFICATES = "review_certificates"
    MANAGE_CAMPAIGNS = "manage_campaigns"
    MANAGE_STOCK_LOCATIONS = "manage_stock_locations"
    OPERATE_OUTLET = "operate_outlet"
    MANAGE_ORDERS = "manage_orders"
    VIEW_PROGRAMME_REPORTS = "view_programme_reports"
    VIEW_PROGRAMME_REPORTS_OWN_REGENCY = "view_programme_reports_own_regency"
    MANAGE_PROGRAMME_REPORTS = "manage_programme_reports"
    REVIEW_PROGRAMME_REPORTS = "review_programme_reports"
    RECORD_INTERVENTIONS = "record_interventions"
    VET_GRANTS = "vet_grants"
    # OVOP programme workflow (issue #14): designation and the actors of Pergub VI.
    DESIGNATE_OVOP_PRODUCTS = "designate_ovop_products"
    VIEW_ASSISTED_SELLERS = "view_assisted_sellers"
    VIEW_PROGRAMME_RECORDS = "view_programme_records"

    @property
    def full(self) -> str:
        return f"shop.{self.value}"


PERMISSION_LABELS = {
    Perm.REVIEW_SELLERS: "Meninjau dan memverifikasi lembaga ekonomi (semua kabupaten)",
    Perm.REVIEW_SELLERS_OWN_REGENCY: "Meninjau lembaga ekonomi di kabupaten sendiri",
    Perm.ACT_FOR_ASSIGNED_SELLERS: "Bertindak atas nama lembaga dampingan",
    Perm.MANAGE_OWN_SELLER: "Mengelola lembaga sendiri (produk, pesanan, stok)",
    Perm.MANAGE_CATALOG_RULES: "Mengelola kategori dan aturan legalitas",
    Perm.REVIEW_CERTIFICATES: "Meninjau sertifikat legalitas produk",
    Perm.MANAGE_CAMPAIGNS: "Mengelola kampanye Beli Produk NTT",
    Perm.MANAGE_STOCK_LOCATIONS: "Mengelola gerai NTT Mart dan token API",
    Perm.OPERATE_OUTLET: "Mengoperasikan stok gerai NTT Mart",
    Perm.MANAGE_ORDERS: "Mengelola semua pesanan",
    Perm.VIEW_PROGRAMME_REPORTS: "Melihat laporan monitoring dan evaluasi program",
    Perm.VIEW_PROGRAMME_REPORTS_OWN_REGENCY: "Melihat monitoring program di kabupaten sendiri",
    Perm.MANAGE_PROGRAMME_REPORTS: "Membuat dan menyampaikan laporan monitoring kepada Gubernur",
    Perm.REVIEW_PROGRAMME_REPORTS: "Menelaah laporan monitoring (Tim Ahli)",
    Perm.RECORD_INTERVENTIONS: "Mencatat pelatihan, pendampingan, fasilitasi legalitas dan hibah",
    Perm.VET_GRANTS: "Memverifikasi hibah sarana prasarana (Tim Verifikasi dan Evaluasi)",
    Perm.DESIGNATE_OVOP_PRODUCTS: "Menilai dan menetapkan produk OVOP (Pergub II.3)",
    Perm.VIEW_ASSISTED_SELLERS: "Melihat data lembaga yang diintervensi OPD (Pergub VI)",
    Perm.VIEW_PROGRAMME_RECORDS: "Melihat data lembaga dan penilaian produk (Sekretariat Bersama)",
}
