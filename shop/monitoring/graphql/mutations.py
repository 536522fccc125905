"""Report workflow and intervention mutations: thin, each calls one service."""

import graphene

from sellers.models import Seller
from shop.access import Access, require
from shop.graphql.base import BaseMutation, enum_value, error_type
from shop.models import User

from .. import services
from ..errors import MonitoringErrorCode
from ..models import Intervention, ReportDocument
from ..periods import period_from_input
from ..selectors import interventions_visible, reports_visible
from .types import (
    DateRangeInput,
    InterventionKind,
    InterventionType,
    ProgramPeriodInput,
    ReportDocumentType,
)

MonitoringError = error_type(
    "MonitoringError", MonitoringErrorCode, "An error from a programme monitoring mutation."
)


class ProgramReportGenerate(BaseMutation):
    report = graphene.Field(ReportDocumentType, description="The new DRAFT version.")

    class Arguments:
        period = ProgramPeriodInput(description="A year and its semester.")
        date_range = DateRangeInput(description="Or any range of days.")

    class Meta:
        description = "Programme staff: generate a new version (PDF and XLSX) of a period's report."
        error_type = MonitoringError
        login_required = True

    @classmethod
    def perform(cls, root, info, period=None, date_range=None):
        require(Access(info.context.user).may_manage_programme_reports())
        chosen = period_from_input(
            year=period.year if period else None,
            semester=period.get("semester") if period else None,
            start=date_range.start if date_range else None,
            end=date_range.end if date_range else None,
        )
        return cls(report=services.report_generate(actor=info.context.user, period=chosen))


class ReportActionMutation(BaseMutation):
    """A workflow step on one report version: ``service(actor=..., report=..., **arguments)``."""

    report = graphene.Field(ReportDocumentType, description="The changed report.")

    class Meta:
        abstract = True

    class Arguments:
        id = graphene.ID(required=True, description="ProgramReportDocument ID.")

    @classmethod
    def __init_subclass_with_meta__(cls, **options):
        options.setdefault("error_type", MonitoringError)
        options.setdefault("login_required", True)
        super().__init_subclass_with_meta__(**options)

    @staticmethod
    def service(*, actor, report: ReportDocument, **data) -> ReportDocument:
        raise NotImplementedError

    @classmethod
    def perform(cls, root, info, id, **data):
        user = info.context.user
        report = cls.get_node_or_error(
            info,
            id,
            model=ReportDocument,
            only_type=ReportDocumentType,
            qs=reports_visible(user=user),
        )
        return cls(report=cls.service(actor=user, report=report, **data))


class ProgramReportReview(ReportActionMutation):
    class Arguments(ReportActionMutation.Arguments):
        note = graphene.String(description="The Tim Ahli's note.")

    class Meta:
        description = "Tim Ahli: review a DRAFT (not one you generated); it becomes REVIEWED."

    @staticmethod
    def service(*, actor, report, note=None):
        return services.report_review(actor=actor, report=report, note=note or "")


class ProgramReportSubmit(ReportActionMutation):
    class Meta:
        description = "Programme staff: submit a REVIEWED report to the Governor (once)."

    service = staticmethod(services.report_submit)


class InterventionInput(graphene.InputObjectType):
    seller = graphene.ID(required=True, description="The lembaga (Seller ID).")
    kind = InterventionKind(required=True, description="TRAINING, MENTORING, LEGALITY or GRANT.")
    date = graphene.Date(required=True, description="When it took place.")
    topic = graphene.String(description="Training topic (required for training).")
    organiser = graphene.String(description="Organising agency.")
    trainees = graphene.Int(description="Number of trainees.")
    curriculum = graphene.String(description="Curriculum.")
    pendamping_email = graphene.String(description="The pendamping who mentored (mentoring).")
    equipment = graphene.String(description="Granted equipment (required for grants).")
    value = graphene.Int(description="Value in rupiah (required for grants).")
    funding_source = graphene.String(description="Funding source (required for grants).")


class InterventionRecord(BaseMutation):
    intervention = graphene.Field(InterventionType, description="The recorded intervention.")

    class Arguments:
        input = InterventionInput(required=True)

    class Meta:
        description = "Programme staff: record support a lembaga received."
        error_type = MonitoringError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        seller = cls.get_node_or_error(info, input.seller, model=Seller, field="seller")
        pendamping = None
        if input.get("pendamping_email"):
            pendamping = User.objects.filter(email__iexact=input.pendamping_email.strip()).first()
        intervention = services.intervention_record(
            actor=info.context.user,
            seller=seller,
            kind=enum_value(input.kind),
            date=input.date,
            topic=input.get("topic") or "",
            organiser=input.get("organiser") or "",
            trainees=input.get("trainees"),
            curriculum=input.get("curriculum") or "",
            pendamping=pendamping,
            items=input.get("equipment") or "",
            value=input.get("value") or 0,
            funding_source=input.get("funding_source") or "",
        )
        return cls(intervention=intervention)


class InterventionVet(BaseMutation):
    intervention = graphene.Field(InterventionType, description="The vetted grant.")

    class Arguments:
        id = graphene.ID(required=True, description="Intervention ID.")

    class Meta:
        description = "Tim Verifikasi dan Evaluasi: confirm a grant of production equipment."
        error_type = MonitoringError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        user = info.context.user
        intervention = cls.get_node_or_error(
            info, id, model=Intervention, qs=interventions_visible(user=user)
        )
        return cls(intervention=services.intervention_vet(actor=user, intervention=intervention))


class MonitoringMutations(graphene.ObjectType):
    program_report_generate = ProgramReportGenerate.Field()
    program_report_review = ProgramReportReview.Field()
    program_report_submit = ProgramReportSubmit.Field()
    intervention_record = InterventionRecord.Field()
    intervention_vet = InterventionVet.Field()
