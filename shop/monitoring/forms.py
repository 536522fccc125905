"""The dashboard's filters: a period (year and semester, or a date range) and an area."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sellers.models import Regency

FIRST_YEAR = 2025


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    semester = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Setahun penuh")), (1, _("Semester I")), (2, _("Semester II"))],
    )
    start = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    district = forms.CharField(required=False, widget=forms.HiddenInput)
    village = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, regencies: frozenset[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, FIRST_YEAR - 1, -1)]
        qs = Regency.objects.filter(pk__startswith="53.")
        if regencies is not None:
            qs = qs.filter(pk__in=regencies)
        choices = [(r.pk, r.name) for r in qs]
        if regencies is None:
            choices.insert(0, ("", _("Seluruh NTT")))
        self.fields["regency"].choices = choices


class ReportGenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Semester"), coerce=int, choices=[(1, _("Semester I")), (2, _("Semester II"))]
    )
