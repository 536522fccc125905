"""Reads of the programme's figures: a period, a scope, and the indicators of issue #13.

Every sales figure is a sum over ``SalesFact`` rows of the period and scope;
catalog and lembaga counts read those apps' tables. ``ProgramReport``
computes each indicator the first time it is asked for, so the GraphQL query
(or a page) pays only for the figures it shows.
"""

import datetime
import math
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from catalog.legality import product_missing_requirements
from catalog.models import Category, Product
from catalog.selectors import product_all_certificates
from sellers.models import District, Regency, Seller, Village, Zone
from shop.access import Access
from shop.money import format_idr

from .errors import MonitoringErrorCode as Code
from .models import Channel, Destination, Intervention, ReportDocument, SalesFact
from .periods import Period

NTT_PREFIX = "53."
MEASURES = ("gmv", "units", "discount_government", "discount_seller", "seller_net")


class GroupBy:
    """What the rows of a report are: the contract's values, then the drill-down levels."""

    REGENCY = "REGENCY"
    ZONE = "ZONE"
    SELLER = "SELLER"
    CATEGORY = "CATEGORY"
    CHANNEL = "CHANNEL"
    CAMPAIGN = "CAMPAIGN"
    DISTRICT = "DISTRICT"
    VILLAGE = "VILLAGE"
    PRODUCT = "PRODUCT"
    DESTINATION = "DESTINATION"

    COLUMNS = {
        REGENCY: "regency_id",
        ZONE: "zone_id",
        SELLER: "seller_id",
        CATEGORY: "category_id",
        CHANNEL: "channel",
        CAMPAIGN: "campaign_id",
        DISTRICT: "district_id",
        VILLAGE: "village_id",
        PRODUCT: "product_id",
        DESTINATION: "destination",
    }
    # Dimensions that differ between the rows of one order: orders are counted DISTINCT.
    LINE_LEVEL = frozenset({CATEGORY, CAMPAIGN, PRODUCT})


@dataclass(frozen=True)
class Scope:
    """Which sales a report covers; ``regencies`` is the reader's limit (None: the province)."""

    regency: str | None = None
    district: str | None = None
    village: str | None = None
    zone_id: int | None = None
    seller_id: int | None = None
    category_id: int | None = None
    channel: str | None = None
    campaign_id: int | None = None
    regencies: frozenset[str] | None = field(default=None)

    @property
    def line_level(self) -> bool:
        return self.category_id is not None or self.campaign_id is not None

    def facts_filter(self) -> Q:
        q = Q()
        for name, column in (
            ("regency", "regency_id"),
            ("district", "district_id"),
            ("village", "village_id"),
            ("zone_id", "zone_id"),
            ("seller_id", "seller_id"),
            ("channel", "channel"),
            ("campaign_id", "campaign_id"),
        ):
            value = getattr(self, name)
            if value is not None:
                q &= Q(**{column: value})
        if self.category_id is not None:
            q &= Q(category_id__in=category_with_children(self.category_id))
        if self.regencies is not None:
            q &= Q(regency_id__in=self.regencies)
        return q

    def sellers_filter(self, prefix: str = "") -> Q:
        """The same place on lembaga (where they are now), for counts of lembaga and products."""
        q = Q()
        village = f"{prefix}village"
        if self.regency:
            q &= Q(**{f"{village}__district__regency_id": self.regency})
        if self.district:
            q &= Q(**{f"{village}__district_id": self.district})
        if self.village:
            q &= Q(**{f"{village}_id": self.village})
        if self.zone_id is not None:
            q &= Q(**{f"{prefix}zone_id": self.zone_id})
        if self.seller_id is not None:
            q &= Q(**{f"{prefix}pk" if prefix else "pk": self.seller_id})
        if self.regencies is not None:
            q &= Q(**{f"{village}__district__regency_id__in": self.regencies})
        return q


def category_with_children(category_id: int) -> list[int]:
    """A category and its sub-categories (the taxonomy has two levels)."""
    return [
        category_id,
        *Category.objects.filter(parent_id=category_id).values_list("pk", flat=True),
    ]


def scope_for_user(*, user, scope: Scope) -> Scope:
    """The scope a user may read, with their limit applied, or a coded error.

    A kabupaten code must be of NTT (``53.xx``) and exist; a kabupaten officer
    reads only their own kabupaten (asking for another is refused, not
    answered empty); programme staff, Disperindag and the Tim Ahli read the
    province. Lower levels (kecamatan, desa) must lie in an allowed kabupaten.
    """
    access = Access(user)
    if scope.regency is not None:
        regency = scope.regency.strip()
        if not regency.startswith(NTT_PREFIX) or not Regency.objects.filter(pk=regency).exists():
            raise ValidationError(
                {
                    "regency": ValidationError(
                        _("Kode kabupaten/kota %(code)s bukan kabupaten/kota di NTT."),
                        code=Code.REGENCY_OUTSIDE_NTT,
                        params={"code": regency},
                    )
                }
            )
        scope = replace(scope, regency=regency)
    for name, model in (("district", District), ("village", Village)):
        code = getattr(scope, name)
        if code is not None and not model.objects.filter(pk=code).exists():
            raise ValidationError(
                {
                    name: ValidationError(
                        _("Wilayah %(code)s tidak ditemukan."),
                        code=Code.NOT_FOUND,
                        params={"code": code},
                    )
                }
            )
    if scope.seller_id is not None:
        seller = Seller.objects.select_related("village").filter(pk=scope.seller_id).first()
        if seller is None or not access.may_see_seller_figures(seller):
            raise ValidationError(
                {"seller": ValidationError(_("Lembaga tidak ditemukan."), code=Code.NOT_FOUND)}
            )
        if access.may_manage_seller_id(seller.pk) or access.programme_regencies is None:
            return scope
    limit = access.programme_regencies
    if limit is None:
        return scope
    if not limit:
        raise PermissionDenied(_("Anda tidak memiliki izin melihat monitoring program."))
    for name in ("regency", "district", "village"):
        code = getattr(scope, name)
        if code is not None and code[:5] not in limit:
            raise ValidationError(
                {
                    name: ValidationError(
                        _("Anda hanya dapat melihat data kabupaten Anda sendiri."),
                        code=Code.REGENCY_NOT_ALLOWED,
                    )
                }
            )
    if scope.regency is None and len(limit) == 1:
        scope = replace(scope, regency=next(iter(limit)))
    return replace(scope, regencies=limit)


def facts_in(*, period: Period, scope: Scope) -> QuerySet[SalesFact]:
    return SalesFact.objects.filter(
        scope.facts_filter(), day__gte=period.start, day__lte=period.end
    )


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is no whole."""
    return None if not whole else round(100.0 * part / whole, 1)


def gini(values: list[int]) -> float | None:
    """The Gini coefficient of non-negative values (0 equal, towards 1 concentrated)."""
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return None
    ordered = sorted(values)
    weighted = sum((index + 1) * value for index, value in enumerate(ordered))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 4)


def average(total: int, count: int) -> int:
    """Whole rupiah, rounded half up."""
    return (2 * total + count) // (2 * count) if count else 0


@dataclass
class Row:
    key: str
    label: str
    gmv: int = 0
    orders: int = 0
    units: int = 0
    active_sellers: int = 0
    seller_net: int = 0

    @property
    def average_order_value(self) -> int:
        return average(self.gmv, self.orders)


class ProgramReport:
    """The programme's figures for one period and scope; each computed when first read."""

    def __init__(self, *, period: Period, scope: Scope, group_by: str = GroupBy.REGENCY):
        self.period = period
        self.scope = scope
        self.group_by = group_by
        self.cell_cache: dict[str, list[dict]] = {}

    @cached_property
    def facts(self) -> QuerySet[SalesFact]:
        return facts_in(period=self.period, scope=self.scope)

    def orders_aggregate(self, line_level: bool):
        if line_level or self.scope.line_level:
            return Count("order_id", distinct=True)
        return Sum("orders")

    # ------------------------------------------------------------ totals

    def cells(self, group_by: str) -> list[dict] | None:
        """Sums per (group, lembaga) in one scan, or None when orders must be counted
        DISTINCT (a line-level grouping or scope).

        Grouping by lembaga as well lets both the rows and the totals count active
        lembaga without COUNT(DISTINCT), and PostgreSQL aggregates it in parallel.
        """
        if group_by in GroupBy.LINE_LEVEL or self.scope.line_level:
            return None
        if group_by not in self.cell_cache:
            column = GroupBy.COLUMNS[group_by]
            self.cell_cache[group_by] = list(
                self.facts.values(column, "seller_id")
                .annotate(orders_sum=Sum("orders"), **{f"{n}_sum": Sum(n) for n in MEASURES})
                .order_by()
            )
        return self.cell_cache[group_by]

    @cached_property
    def totals(self) -> dict[str, int]:
        cells = self.cells(self.group_by)
        if cells is not None:
            totals = {name: sum(int(c[f"{name}_sum"] or 0) for c in cells) for name in MEASURES}
            totals["orders"] = sum(int(c["orders_sum"] or 0) for c in cells)
            totals["active_sellers"] = len({c["seller_id"] for c in cells})
            return totals
        data = self.facts.aggregate(
            orders=self.orders_aggregate(False),
            active_sellers=Count("seller_id", distinct=True),
            **{name: Sum(name) for name in MEASURES},
        )
        return {name: int(value or 0) for name, value in data.items()}

    @property
    def gmv(self) -> int:
        return self.totals["gmv"]

    @property
    def orders(self) -> int:
        return self.totals["orders"]

    @property
    def units(self) -> int:
        return self.totals["units"]

    @property
    def active_sellers(self) -> int:
        return self.totals["active_sellers"]

    @property
    def average_order_value(self) -> int:
        return average(self.gmv, self.orders)

    # -------------------------------------------------------------- rows

    def rows_by(self, group_by: str) -> list[Row]:
        """One row per value of a dimension, biggest GMV first; kabupaten all listed."""
        column = GroupBy.COLUMNS[group_by]
        rows: dict[str, Row] = {}
        cells = self.cells(group_by)
        if cells is not None:
            for cell in cells:
                key = str(cell[column]) if cell[column] is not None else ""
                row = rows.setdefault(key, Row(key=key, label=""))
                row.gmv += int(cell["gmv_sum"] or 0)
                row.orders += int(cell["orders_sum"] or 0)
                row.units += int(cell["units_sum"] or 0)
                row.seller_net += int(cell["seller_net_sum"] or 0)
                row.active_sellers += 1
        else:
            data = self.facts.values(column).annotate(
                orders_n=self.orders_aggregate(True),
                active=Count("seller_id", distinct=True),
                gmv_sum=Sum("gmv"),
                units_sum=Sum("units"),
                net_sum=Sum("seller_net"),
            )
            for item in data.order_by(column):
                key = str(item[column]) if item[column] is not None else ""
                rows[key] = Row(
                    key=key,
                    label="",
                    gmv=int(item["gmv_sum"] or 0),
                    orders=int(item["orders_n"] or 0),
                    units=int(item["units_sum"] or 0),
                    active_sellers=int(item["active"] or 0),
                    seller_net=int(item["net_sum"] or 0),
                )
        labels = dimension_labels(group_by, rows.keys())
        if group_by == GroupBy.REGENCY:
            for code, name in self.regencies_in_scope():
                rows.setdefault(code, Row(key=code, label=name))
                labels[code] = name
        for key, row in rows.items():
            row.label = labels.get(key) or key
        return sorted(rows.values(), key=lambda r: (-r.gmv, r.label))

    @cached_property
    def rows(self) -> list[Row]:
        return self.rows_by(self.group_by)

    def regencies_in_scope(self) -> list[tuple[str, str]]:
        qs = Regency.objects.filter(pk__startswith=NTT_PREFIX)
        if self.scope.regency:
            qs = qs.filter(pk=self.scope.regency)
        elif self.scope.regencies is not None:
            qs = qs.filter(pk__in=self.scope.regencies)
        if self.scope.district or self.scope.village or self.scope.seller_id or self.scope.zone_id:
            return []
        return list(qs.values_list("pk", "name"))

    @cached_property
    def monthly(self) -> list[tuple[datetime.date, int, int]]:
        """(first day of month, GMV, orders) for every month of the period, zeros included."""
        data = {
            item["month"]: (int(item["gmv_sum"] or 0), int(item["orders_n"] or 0))
            for item in self.facts.annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(gmv_sum=Sum("gmv"), orders_n=self.orders_aggregate(False))
        }
        return [(m, *data.get(m, (0, 0))) for m in self.period.months()]

    def top(self, group_by: str, limit: int = 10) -> list[Row]:
        return [row for row in self.rows_by(group_by) if row.gmv > 0][:limit]

    @cached_property
    def top_products(self) -> list[Row]:
        return self.top(GroupBy.PRODUCT)

    @cached_property
    def top_sellers(self) -> list[Row]:
        return self.top(GroupBy.SELLER)

    # ------------------------------------------------------ market reach

    @cached_property
    def reach(self) -> list[dict]:
        """GMV by buyer destination, each with its share of the whole."""
        data = dict(self.facts.values_list("destination").annotate(g=Sum("gmv")).order_by())
        whole = sum(int(v or 0) for v in data.values())
        return [
            {
                "key": value,
                "label": str(label),
                "gmv": int(data.get(value) or 0),
                "share": share(int(data.get(value) or 0), whole),
            }
            for value, label in Destination.choices
        ]

    # ---------------------------------------------------- campaigns etc.

    @cached_property
    def campaign_gmv(self) -> int:
        return int(self.facts.filter(campaign_id__isnull=False).aggregate(g=Sum("gmv"))["g"] or 0)

    @property
    def campaign_share(self) -> float | None:
        return share(self.campaign_gmv, self.gmv)

    @cached_property
    def buyers(self) -> tuple[int, int]:
        """(buyers, repeat buyers: who bought on two or more days of the period).

        Days, not orders: one checkout from two lembaga makes two orders but is
        one purchase.
        """
        counts = (
            self.facts.exclude(buyer_key="")
            .values("buyer_key")
            .annotate(n=Count("day", distinct=True))
            .order_by()
        )
        total = repeat = 0
        for item in counts:
            total += 1
            repeat += item["n"] >= 2
        return total, repeat

    @property
    def repeat_buyers(self) -> int:
        return self.buyers[1]

    @cached_property
    def diversification(self) -> float | None:
        """Products with sales per active lembaga."""
        pairs = self.facts.exclude(product_id=None).values("seller_id", "product_id").distinct()
        return None if not self.active_sellers else round(pairs.count() / self.active_sellers, 2)

    # --------------------------------------------- spread between villages

    @cached_property
    def village_gmv(self) -> dict[str, int]:
        """GMV per desa of the lembaga's place, with a zero for every desa that has an
        ACTIVE lembaga in scope but no sales (the gaps the programme wants to close)."""
        data = {
            code: int(g or 0)
            for code, g in self.facts.values_list("village_id").annotate(g=Sum("gmv")).order_by()
        }
        if not (self.scope.seller_id or self.scope.line_level or self.scope.channel):
            active = Seller.objects.filter(self.scope.sellers_filter(), status=Seller.Status.ACTIVE)
            for code in active.values_list("village_id", flat=True):
                data.setdefault(code, 0)
        return data

    @property
    def villages_with_sales(self) -> int:
        return sum(1 for value in self.village_gmv.values() if value > 0)

    @property
    def top_decile_share(self) -> float | None:
        """Share of GMV of the top 10% of desa (at least one desa)."""
        values = sorted(self.village_gmv.values(), reverse=True)
        if not values:
            return None
        top = max(1, math.ceil(len(values) / 10))
        return share(sum(values[:top]), sum(values))

    @property
    def village_gini(self) -> float | None:
        return gini(list(self.village_gmv.values()))

    # ------------------------------------------------------------ growth

    @cached_property
    def previous(self) -> "ProgramReport":
        return ProgramReport(period=self.period.previous(), scope=self.scope)

    @property
    def growth(self) -> float | None:
        """GMV growth against the previous period, in percent (None without a base)."""
        before = self.previous.gmv
        return None if not before else round(100.0 * (self.gmv - before) / before, 1)

    # ------------------------------------------------ lembaga and products

    @cached_property
    def sellers(self) -> dict[str, int]:
        """Lembaga registered and verified during the period, and verified by its end."""
        qs = Seller.objects.filter(self.scope.sellers_filter())
        start, end = self.period.start, self.period.end
        return qs.aggregate(
            onboarded=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
            verified=Count(
                "pk", filter=Q(approved_at__date__gte=start, approved_at__date__lte=end)
            ),
            verified_total=Count(
                "pk", filter=Q(status=Seller.Status.ACTIVE, approved_at__date__lte=end)
            ),
        )

    @cached_property
    def products(self) -> dict[str, int]:
        """Products listed now by lembaga in scope: how many, with complete legality, by
        OVOP status."""
        qs = Product.objects.filter(self.scope.sellers_filter("seller__"), is_published=True)
        if self.scope.category_id is not None:
            qs = qs.filter(category_id__in=category_with_children(self.scope.category_id))
        qs = qs.select_related("category__parent", "seller").prefetch_related(
            "certificates", "seller__certificates"
        )
        listed = legal = candidate = designated = 0
        for product in qs:
            listed += 1
            legal += not product_missing_requirements(
                product, certificates=product_all_certificates(product)
            )
            candidate += product.ovop_status == Product.OvopStatus.CANDIDATE
            designated += product.ovop_status == Product.OvopStatus.DESIGNATED
        return {
            "listed": listed,
            "legal": legal,
            "candidate": candidate,
            "designated": designated,
        }

    @property
    def legal_share(self) -> float | None:
        return share(self.products["legal"], self.products["listed"])

    # ------------------------------------------------------ interventions

    @cached_property
    def interventions(self) -> list[dict]:
        """Each intervention of the period with its lembaga's GMV 6 months before and after."""
        qs = (
            Intervention.objects.filter(
                self.scope.sellers_filter("seller__"),
                date__gte=self.period.start,
                date__lte=self.period.end,
            )
            .select_related("seller")
            .order_by("date", "pk")
        )
        result = []
        for item in qs:
            before_start = months_shift(item.date, -6)
            after_end = months_shift(item.date, 6)
            sums = SalesFact.objects.filter(
                seller_id=item.seller_id, day__gte=before_start, day__lt=after_end
            ).aggregate(
                before=Sum("gmv", filter=Q(day__lt=item.date)),
                after=Sum("gmv", filter=Q(day__gte=item.date)),
            )
            result.append(
                {
                    "intervention": item,
                    "before": int(sums["before"] or 0),
                    "after": int(sums["after"] or 0),
                }
            )
        return result


def months_shift(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def dimension_labels(group_by: str, keys) -> dict[str, str]:
    """Readable names of a dimension's keys (kabupaten names, lembaga names, ...)."""
    keys = [k for k in keys if k]
    labels: dict[str, str] = {
        "": str(_("Tanpa kampanye") if group_by == GroupBy.CAMPAIGN else _("Tidak diketahui"))
    }
    models = {
        GroupBy.REGENCY: (Regency, "name"),
        GroupBy.DISTRICT: (District, "name"),
        GroupBy.VILLAGE: (Village, "name"),
        GroupBy.ZONE: (Zone, "name"),
        GroupBy.SELLER: (Seller, "name"),
        GroupBy.CATEGORY: (Category, "name"),
        GroupBy.PRODUCT: (Product, "name"),
    }
    if group_by in models:
        model, name = models[group_by]
        labels.update(
            {
                str(pk): value
                for pk, value in model.objects.filter(pk__in=keys).values_list("pk", name)
            }
        )
    elif group_by == GroupBy.CHANNEL:
        labels.update({k: str(v) for k, v in Channel.choices})
    elif group_by == GroupBy.DESTINATION:
        labels.update({k: str(v) for k, v in Destination.choices})
    elif group_by == GroupBy.CAMPAIGN:
        labels.update({k: _("Kampanye #%(id)s") % {"id": k} for k in keys})
    return labels


def program_report(
    *, user, period: Period, scope: Scope, group_by: str = GroupBy.REGENCY
) -> ProgramReport:
    """The report a user may read for a period and scope (see ``scope_for_user`` for errors)."""
    return ProgramReport(
        period=period, scope=scope_for_user(user=user, scope=scope), group_by=group_by
    )


def reports_visible(*, user) -> QuerySet[ReportDocument]:
    """Report versions: the province's report is read by who sees the province."""
    access = Access(user)
    if access.programme_regencies is None and access.authenticated:
        return ReportDocument.objects.select_related("generated_by", "reviewed_by", "submitted_by")
    return ReportDocument.objects.none()


def interventions_visible(*, user) -> QuerySet[Intervention]:
    access = Access(user)
    qs = Intervention.objects.select_related("seller", "vetted_by", "recorded_by")
    limit = access.programme_regencies
    if limit is None and access.authenticated:
        return qs
    q = Q(seller_id__in=access.own_seller_ids)
    if limit:
        q |= Q(seller__village__district__regency_id__in=limit)
    return qs.filter(q)


@dataclass(frozen=True)
class Indicator:
    """One line of the indicator table the dashboard, the PDF and the XLSX all show."""

    key: str
    label: str
    value: int | float | None
    kind: str  # "money", "count", "percent", "ratio"


def report_indicators(report: ProgramReport) -> list[Indicator]:
    """The issue's indicators in the order the report presents them."""
    buyers, repeat = report.buyers
    sellers, products = report.sellers, report.products
    reach = {item["key"]: item["share"] for item in report.reach}
    rows = [
        ("gmv", _("Omzet (GMV)"), report.gmv, "money"),
        ("orders", _("Jumlah pesanan"), report.orders, "count"),
        ("units", _("Jumlah unit terjual"), report.units, "count"),
        ("aov", _("Rata-rata nilai pesanan"), report.average_order_value, "money"),
        ("seller_net", _("Diterima lembaga"), report.totals["seller_net"], "money"),
        (
            "discount_government",
            _("Diskon dibiayai pemerintah"),
            report.totals["discount_government"],
            "money",
        ),
        (
            "discount_seller",
            _("Diskon dibiayai lembaga"),
            report.totals["discount_seller"],
            "money",
        ),
        ("growth", _("Pertumbuhan omzet dari periode sebelumnya"), report.growth, "percent"),
        ("active_sellers", _("Lembaga aktif (ada penjualan)"), report.active_sellers, "count"),
        ("sellers_onboarded", _("Lembaga mendaftar dalam periode"), sellers["onboarded"], "count"),
        ("sellers_verified", _("Lembaga diverifikasi dalam periode"), sellers["verified"], "count"),
        (
            "sellers_verified_total",
            _("Lembaga terverifikasi (akhir periode)"),
            sellers["verified_total"],
            "count",
        ),
        ("products_listed", _("Produk tayang"), products["listed"], "count"),
        ("products_legal", _("Produk dengan legalitas lengkap"), products["legal"], "count"),
        (
            "products_legal_share",
            _("Persentase produk dengan legalitas lengkap"),
            report.legal_share,
            "percent",
        ),
        ("products_candidate", _("Calon produk OVOP"), products["candidate"], "count"),
        ("products_designated", _("Produk OVOP ditetapkan"), products["designated"], "count"),
        ("buyers", _("Pembeli"), buyers, "count"),
        ("repeat_buyers", _("Pembeli berulang (membeli pada 2 hari atau lebih)"), repeat, "count"),
        ("campaign_gmv", _("Omzet dari kampanye"), report.campaign_gmv, "money"),
        (
            "campaign_share",
            _("Kontribusi kampanye terhadap omzet"),
            report.campaign_share,
            "percent",
        ),
        (
            "reach_same_regency",
            _("Jangkauan: kabupaten yang sama"),
            reach["SAME_REGENCY"],
            "percent",
        ),
        ("reach_ntt", _("Jangkauan: kabupaten lain di NTT"), reach["NTT"], "percent"),
        ("reach_outside_ntt", _("Jangkauan: luar NTT"), reach["OUTSIDE_NTT"], "percent"),
        ("reach_abroad", _("Jangkauan: luar negeri"), reach["ABROAD"], "percent"),
        ("villages_with_sales", _("Desa dengan penjualan"), report.villages_with_sales, "count"),
        (
            "top_decile_share",
            _("Pangsa omzet 10% desa teratas"),
            report.top_decile_share,
            "percent",
        ),
        ("village_gini", _("Koefisien Gini antardesa"), report.village_gini, "ratio"),
        ("diversification", _("Produk terjual per lembaga aktif"), report.diversification, "ratio"),
    ]
    return [Indicator(*row) for row in rows]


def indicator_text(indicator: Indicator) -> str:
    """The value as people read it: ``Rp 1.250.000``, ``12,5%``, ``0,42``, ``-``."""
    value = indicator.value
    if value is None:
        return "-"
    if indicator.kind == "money":
        return format_idr(int(value))
    if indicator.kind == "count":
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:.1f}" if indicator.kind == "percent" else f"{value:.2f}"
    text = text.replace(".", ",")
    return f"{text}%" if indicator.kind == "percent" else text
