import graphene
from django.urls import reverse
from django.utils import timezone
from graphene import relay
from graphene_django import DjangoObjectType

from ..models import Channel, Destination, Intervention, ReportDocument
from ..selectors import GroupBy, indicator_text, report_indicators


def wita(moment):
    """Times as the contract wants them: ISO 8601 with the WITA offset (+08:00)."""
    return timezone.localtime(moment) if moment else None


ProgramReportGroupBy = graphene.Enum(
    "ProgramReportGroupBy",
    [(name, name) for name in GroupBy.COLUMNS],
    description="What the report's rows are: kabupaten/kota (REGENCY), OVOP zone, lembaga "
    "(SELLER), category, sales channel, campaign; and the drill-down levels kecamatan "
    "(DISTRICT), desa (VILLAGE), product and buyer destination.",
)
SalesChannel = graphene.Enum.from_enum(
    Channel, name="SalesChannel", description="Where a sale happened (online or offline)."
)
BuyerDestination = graphene.Enum.from_enum(
    Destination, name="BuyerDestination", description="Where the buyer is, seen from the lembaga."
)
ReportStatus = graphene.Enum.from_enum(
    ReportDocument.Status,
    name="ProgramReportStatus",
    description="DRAFT (generated) -> REVIEWED (Tim Ahli) -> SUBMITTED (to the Governor).",
)
InterventionKind = graphene.Enum.from_enum(
    Intervention.Kind, name="InterventionKind", description="Kind of support a lembaga received."
)


class ProgramPeriodInput(graphene.InputObjectType):
    year = graphene.Int(required=True, description="Year, e.g. 2026.")
    semester = graphene.Int(
        description="Reporting period of the year: 1 (Semester I) or 2 (Semester II); "
        "omitted: the whole year."
    )


class DateRangeInput(graphene.InputObjectType):
    start = graphene.Date(required=True, description="First day (WITA), included.")
    end = graphene.Date(required=True, description="Last day (WITA), included; at most 5 years on.")


class ProgramPeriod(graphene.ObjectType):
    key = graphene.String(required=True, description="e.g. 2026-S1.")
    label = graphene.String(required=True, description="e.g. Semester I Tahun 2026.")
    start = graphene.Date(required=True, description="First day, included.")
    end = graphene.Date(required=True, description="Last day, included.")

    class Meta:
        description = "A reporting period."


# Rupiah figures of a province run past 2^31 (Rp 2,1 miliar): they are BigInt, whole rupiah.


class ProgramReportTotals(graphene.ObjectType):
    gmv = graphene.BigInt(required=True, description="Omzet: goods sold, net of refunds (rupiah).")
    orders = graphene.Int(required=True, description="Orders with sales.")
    units = graphene.Int(required=True, description="Units sold.")
    active_sellers = graphene.Int(required=True, description="Lembaga with at least one sale.")
    certified_products = graphene.Int(
        required=True, description="Products listed with complete legality."
    )
    average_order_value = graphene.BigInt(required=True, description="GMV / orders (rupiah).")
    seller_net = graphene.BigInt(required=True, description="Rupiah that reached the lembaga.")
    discount_government = graphene.BigInt(
        required=True, description="Discounts the government paid."
    )
    discount_seller = graphene.BigInt(required=True, description="Discounts the lembaga paid.")

    class Meta:
        description = "The report's figures over its whole scope."

    @staticmethod
    def resolve_gmv(root, info):
        return root.gmv

    @staticmethod
    def resolve_orders(root, info):
        return root.orders

    @staticmethod
    def resolve_units(root, info):
        return root.units

    @staticmethod
    def resolve_active_sellers(root, info):
        return root.active_sellers

    @staticmethod
    def resolve_certified_products(root, info):
        return root.products["legal"]

    @staticmethod
    def resolve_average_order_value(root, info):
        return root.average_order_value

    @staticmethod
    def resolve_seller_net(root, info):
        return root.totals["seller_net"]

    @staticmethod
    def resolve_discount_government(root, info):
        return root.totals["discount_government"]

    @staticmethod
    def resolve_discount_seller(root, info):
        return root.totals["discount_seller"]


class ProgramReportRow(graphene.ObjectType):
    key = graphene.String(required=True, description="Code or ID of the group (kabupaten code...).")
    label = graphene.String(required=True, description="Its name.")
    gmv = graphene.BigInt(required=True, description="Omzet (rupiah).")
    orders = graphene.Int(required=True, description="Orders.")
    units = graphene.Int(required=True, description="Units.")
    active_sellers = graphene.Int(required=True, description="Lembaga with sales.")
    average_order_value = graphene.BigInt(required=True, description="GMV / orders (rupiah).")
    seller_net = graphene.BigInt(required=True, description="Rupiah that reached the lembaga.")

    class Meta:
        description = "The figures of one group of the report."


class ProgramIndicator(graphene.ObjectType):
    key = graphene.String(required=True, description="Stable name, e.g. village_gini.")
    label = graphene.String(required=True, description="Name in the request's language.")
    value = graphene.Float(description="The value (rupiah, count, percent or ratio); null if none.")
    kind = graphene.String(required=True, description="money, count, percent or ratio.")
    text = graphene.String(required=True, description="The value as people read it.")

    class Meta:
        description = "One monitoring indicator (issue #13)."

    @staticmethod
    def resolve_text(root, info):
        return indicator_text(root)


class ProgramMonth(graphene.ObjectType):
    month = graphene.Date(required=True, description="First day of the month.")
    gmv = graphene.BigInt(required=True, description="Omzet.")
    orders = graphene.Int(required=True, description="Orders.")

    class Meta:
        description = "One month of the trend."


class ProgramReach(graphene.ObjectType):
    destination = graphene.Field(BuyerDestination, required=True, description="Where buyers are.")
    label = graphene.String(required=True, description="Its name.")
    gmv = graphene.BigInt(required=True, description="Omzet to there.")
    share = graphene.Float(description="Percent of the GMV.")

    class Meta:
        description = "Market reach: GMV by buyer destination."


class ProgramReportType(graphene.ObjectType):
    period = graphene.Field(ProgramPeriod, required=True, description="The period.")
    group_by = graphene.Field(ProgramReportGroupBy, required=True, description="What rows are.")
    totals = graphene.Field(ProgramReportTotals, required=True, description="Totals.")
    rows = graphene.List(graphene.NonNull(ProgramReportRow), required=True, description="Groups.")
    indicators = graphene.List(
        graphene.NonNull(ProgramIndicator), required=True, description="All indicators."
    )
    monthly = graphene.List(
        graphene.NonNull(ProgramMonth), required=True, description="Trend by month."
    )
    reach = graphene.List(graphene.NonNull(ProgramReach), required=True, description="Reach.")
    growth = graphene.Float(description="GMV growth vs the previous period, percent.")

    class Meta:
        name = "ProgramReport"
        description = "Programme monitoring figures (Pergub VII) for a period and scope."

    @staticmethod
    def resolve_period(root, info):
        return root.period

    @staticmethod
    def resolve_group_by(root, info):
        return root.group_by

    @staticmethod
    def resolve_totals(root, info):
        return root

    @staticmethod
    def resolve_rows(root, info):
        return root.rows

    @staticmethod
    def resolve_indicators(root, info):
        return report_indicators(root)

    @staticmethod
    def resolve_monthly(root, info):
        return [{"month": m, "gmv": g, "orders": o} for m, g, o in root.monthly]

    @staticmethod
    def resolve_reach(root, info):
        return [{**item, "destination": item["key"]} for item in root.reach]

    @staticmethod
    def resolve_growth(root, info):
        return root.growth


class ReportDocumentType(DjangoObjectType):
    period_key = graphene.String(required=True, description="e.g. 2026-S1.")
    period_label = graphene.String(required=True, description="e.g. Semester I Tahun 2026.")
    start = graphene.Date(required=True, description="First day of the period.")
    end = graphene.Date(required=True, description="Last day of the period.")
    version = graphene.Int(required=True, description="1, 2, ... per period; all kept.")
    status = graphene.Field(ReportStatus, required=True, description="Workflow status.")
    generated_at = graphene.DateTime(required=True, description="When generated.")
    generated_by = graphene.String(description="Who generated it (name); null for the schedule.")
    reviewed_at = graphene.DateTime(description="When the Tim Ahli reviewed it.")
    reviewed_by = graphene.String(description="Reviewer's name.")
    review_note = graphene.String(required=True, description="The Tim Ahli's note.")
    submitted_at = graphene.DateTime(description="When submitted to the Governor.")
    submitted_by = graphene.String(description="Who submitted it.")
    pdf_url = graphene.String(required=True, description="Download of the PDF (signed-in readers).")
    xlsx_url = graphene.String(required=True, description="Download of the XLSX workbook.")

    class Meta:
        model = ReportDocument
        name = "ProgramReportDocument"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "period_key",
            "period_label",
            "start",
            "end",
            "version",
            "status",
            "generated_at",
            "reviewed_at",
            "review_note",
            "submitted_at",
        )
        description = "One version of the report to the Governor."

    @staticmethod
    def resolve_generated_at(root, info):
        return wita(root.generated_at)

    @staticmethod
    def resolve_reviewed_at(root, info):
        return wita(root.reviewed_at)

    @staticmethod
    def resolve_submitted_at(root, info):
        return wita(root.submitted_at)

    @staticmethod
    def resolve_generated_by(root, info):
        return root.generated_by.get_full_name() if root.generated_by else None

    @staticmethod
    def resolve_reviewed_by(root, info):
        return root.reviewed_by.get_full_name() if root.reviewed_by else None

    @staticmethod
    def resolve_submitted_by(root, info):
        return root.submitted_by.get_full_name() if root.submitted_by else None

    @staticmethod
    def resolve_pdf_url(root, info):
        return reverse("monitoring:report_download", args=[root.pk, "pdf"])

    @staticmethod
    def resolve_xlsx_url(root, info):
        return reverse("monitoring:report_download", args=[root.pk, "xlsx"])


class InterventionType(DjangoObjectType):
    kind = graphene.Field(InterventionKind, required=True, description="Kind.")
    date = graphene.Date(required=True, description="When it took place.")
    seller_name = graphene.String(required=True, description="The lembaga.")
    topic = graphene.String(required=True, description="Training topic.")
    organiser = graphene.String(required=True, description="Organising agency.")
    trainees = graphene.Int(description="Number of trainees.")
    curriculum = graphene.String(required=True, description="Curriculum.")
    items = graphene.String(required=True, description="Granted equipment.")
    value = graphene.BigInt(required=True, description="Value in rupiah.")
    funding_source = graphene.String(required=True, description="Funding source.")
    vetted_at = graphene.DateTime(description="When the Tim Verifikasi vetted the grant.")

    class Meta:
        model = Intervention
        name = "Intervention"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "kind",
            "date",
            "topic",
            "organiser",
            "trainees",
            "curriculum",
            "items",
            "value",
            "funding_source",
            "vetted_at",
        )
        description = "Training, mentoring, legality facilitation or a grant for a lembaga."

    @staticmethod
    def resolve_seller_name(root, info):
        return root.seller.name

    @staticmethod
    def resolve_vetted_at(root, info):
        return wita(root.vetted_at)
