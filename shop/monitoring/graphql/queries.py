import graphene
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from shop.access import Access
from shop.graphql.base import enum_value, field_error, query_pk, validation_error_items

from ..errors import MonitoringErrorCode as Code
from ..periods import period_from_input
from ..selectors import (
    GroupBy,
    Scope,
    interventions_visible,
    program_report,
    reports_visible,
)
from .types import (
    DateRangeInput,
    InterventionType,
    ProgramPeriodInput,
    ProgramReportGroupBy,
    ProgramReportType,
    ReportDocumentType,
    SalesChannel,
)


def raise_as_field_error(exc: ValidationError | PermissionDenied):
    """The first problem of a service's error, as the query's coded GraphQL error."""
    if isinstance(exc, PermissionDenied):
        message = str(exc) or _("Anda tidak memiliki izin untuk tindakan ini.")
        raise field_error(message, code=Code.PERMISSION_DENIED, field=None) from None
    field, code, message = validation_error_items(exc)[0]
    raise field_error(message, code=code, field=field) from None


class MonitoringQueries(graphene.ObjectType):
    program_report = graphene.Field(
        ProgramReportType,
        period=ProgramPeriodInput(description="A year and its reporting period (semester)."),
        date_range=DateRangeInput(description="Or any range of days (at most 5 years)."),
        group_by=ProgramReportGroupBy(default_value=GroupBy.REGENCY, description="Rows."),
        regency=graphene.String(description="Kabupaten/kota code in NTT, e.g. 53.07."),
        district=graphene.String(description="Kecamatan code, e.g. 53.07.01."),
        village=graphene.String(description="Desa/kelurahan code, e.g. 53.07.01.2001."),
        zone=graphene.ID(description="OVOP zone ID."),
        seller=graphene.ID(description="Lembaga (Seller) ID."),
        category=graphene.ID(description="Category ID (with its sub-categories)."),
        channel=SalesChannel(description="Sales channel."),
        campaign=graphene.Int(description="Campaign number."),
        description="Programme monitoring figures: the province for programme staff, "
        "Disperindag and the Tim Ahli, their kabupaten for a kabupaten officer, a lembaga's own "
        "for its members. Bad input is a coded error, never an empty report.",
    )
    program_report_documents = graphene.List(
        graphene.NonNull(ReportDocumentType),
        required=True,
        description="Every version of the report to the Governor, newest period first.",
    )
    interventions = graphene.List(
        graphene.NonNull(InterventionType),
        required=True,
        seller=graphene.ID(description="Only this lembaga's."),
        description="Support recorded for lembaga you may see.",
    )

    @staticmethod
    def resolve_program_report(root, info, group_by=GroupBy.REGENCY, **args):
        user = info.context.user
        if not user.is_authenticated:
            raise field_error(
                _("Anda harus masuk terlebih dahulu."), code=Code.PERMISSION_DENIED, field=None
            )
        period_arg, date_range = args.get("period"), args.get("date_range")
        try:
            if period_arg is not None and date_range is not None:
                raise ValidationError(
                    {
                        "dateRange": ValidationError(
                            _("Pilih periode atau rentang tanggal, tidak keduanya."),
                            code=Code.INVALID,
                        )
                    }
                )
            period = period_from_input(
                year=period_arg.year if period_arg else None,
                semester=period_arg.get("semester") if period_arg else None,
                start=date_range.start if date_range else None,
                end=date_range.end if date_range else None,
            )
            scope = Scope(
                regency=args.get("regency"),
                district=args.get("district"),
                village=args.get("village"),
                zone_id=query_pk(args.get("zone"), "Zone", field="zone", code=Code.NOT_FOUND),
                seller_id=query_pk(
                    args.get("seller"), "Seller", field="seller", code=Code.NOT_FOUND
                ),
                category_id=query_pk(
                    args.get("category"), "Category", field="category", code=Code.NOT_FOUND
                ),
                channel=enum_value(args.get("channel")),
                campaign_id=args.get("campaign"),
            )
            if scope.seller_id is None and not Access(user).may_view_programme_reports():
                raise PermissionDenied(_("Anda tidak memiliki izin melihat monitoring program."))
            report = program_report(
                user=user, period=period, scope=scope, group_by=enum_value(group_by)
            )
        except (ValidationError, PermissionDenied) as exc:
            raise_as_field_error(exc)
        return report

    @staticmethod
    def resolve_program_report_documents(root, info):
        return reports_visible(user=info.context.user)

    @staticmethod
    def resolve_interventions(root, info, seller=None):
        qs = interventions_visible(user=info.context.user)
        seller_id = query_pk(seller, "Seller", field="seller", code=Code.NOT_FOUND)
        if seller_id:
            qs = qs.filter(seller_id=seller_id)
        return qs
