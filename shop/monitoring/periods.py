"""Reporting periods: the programme's periods of a year (Pergub VII.a: twice a year) or a range.

The periods' first days come from ``settings.MONITORING_PERIOD_STARTS``
(``[(1, 1), (7, 1)]``: Semester I January-June, Semester II July-December),
so the Dinas can change its calendar without a code change. Every bad input
is a ``ValidationError`` with a code: a report is never silently empty.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import MonitoringErrorCode as Code

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
YEAR_MIN = 2000
YEAR_MAX = 2100


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` and ``end`` are both included (local dates, WITA)."""

    start: datetime.date
    end: datetime.date
    key: str
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period before, for growth: the previous semester, or a range as long."""
        if self.key.count("-S") == 1:
            year, number = self.key.split("-S")
            count = len(period_starts())
            number, year = int(number) - 1, int(year)
            if number == 0:
                number, year = count, year - 1
            return semester_period(year=year, semester=number)
        end = self.start - datetime.timedelta(days=1)
        return range_period(start=end - datetime.timedelta(days=self.days - 1), end=end)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches (the trend's x axis)."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months


def period_starts() -> list[tuple[int, int]]:
    return sorted(tuple(s) for s in settings.MONITORING_PERIOD_STARTS)


def semester_period(*, year: int, semester: int) -> Period:
    """The ``semester``-th period of ``year`` (1-based), or a coded error."""
    starts = period_starts()
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Tahun harus antara %(min)s dan %(max)s."),
                    code=Code.PERIOD_INVALID,
                    params={"min": YEAR_MIN, "max": YEAR_MAX},
                )
            }
        )
    if not 1 <= semester <= len(starts):
        raise ValidationError(
            {
                "semester": ValidationError(
                    _("Periode harus 1 sampai %(n)s (Semester I atau II)."),
                    code=Code.SEMESTER_INVALID,
                    params={"n": len(starts)},
                )
            }
        )
    month, day = starts[semester - 1]
    start = datetime.date(year, month, day)
    if semester < len(starts):
        month, day = starts[semester]
        end = datetime.date(year, month, day) - datetime.timedelta(days=1)
    else:
        month, day = starts[0]
        end = datetime.date(year + 1, month, day) - datetime.timedelta(days=1)
    label = _("Semester %(n)s Tahun %(year)s") % {"n": ROMAN[semester - 1], "year": year}
    return Period(start=start, end=end, key=f"{year}-S{semester}", label=label)


def year_period(*, year: int) -> Period:
    """The calendar year (a report over both semesters)."""
    period = range_period(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    return dataclasses.replace(period, key=str(year), label=_("Tahun %(year)s") % {"year": year})


def range_period(*, start: datetime.date, end: datetime.date) -> Period:
    """Any range of days (both included), at most ``MONITORING_RANGE_MAX_YEARS`` long."""
    if end < start:
        raise ValidationError(
            {
                "end": ValidationError(
                    _("Tanggal akhir tidak boleh sebelum tanggal awal."), code=Code.RANGE_REVERSED
                )
            }
        )
    years = settings.MONITORING_RANGE_MAX_YEARS
    try:
        limit = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + years, day=28)
    if end >= limit:
        raise ValidationError(
            {
                "end": ValidationError(
                    _("Rentang paling lama %(n)s tahun."),
                    code=Code.RANGE_TOO_LONG,
                    params={"n": years},
                )
            }
        )
    label = f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"
    return Period(start=start, end=end, key=f"{start:%Y%m%d}-{end:%Y%m%d}", label=label)


def period_from_input(
    *,
    year: int | None = None,
    semester: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """A period from what a form or query gave: a year (and semester), or a date range."""
    if start is not None or end is not None:
        if start is None or end is None:
            field = "start" if start is None else "end"
            raise ValidationError(
                {field: ValidationError(_("Isi tanggal awal dan akhir."), code=Code.REQUIRED)}
            )
        return range_period(start=start, end=end)
    if year is None:
        raise ValidationError(
            {"year": ValidationError(_("Pilih tahun atau rentang tanggal."), code=Code.REQUIRED)}
        )
    if semester is None:
        semester_period(year=year, semester=1)  # checks the year
        return year_period(year=year)
    return semester_period(year=year, semester=semester)


def period_containing(day: datetime.date) -> Period:
    """The programme period a day falls in."""
    starts = period_starts()
    for number in range(len(starts), 0, -1):
        period = semester_period(year=day.year, semester=number)
        if period.start <= day:
            return period
    return semester_period(year=day.year - 1, semester=len(starts))


def period_from_key(key: str) -> Period:
    """The period a stored key names (``2026-S1``, ``2026``, ``20260101-20260331``)."""
    if "-S" in key:
        year, number = key.split("-S")
        return semester_period(year=int(year), semester=int(number))
    if key.isdigit():
        return year_period(year=int(key))
    start, end = key.split("-")
    return range_period(
        start=datetime.datetime.strptime(start, "%Y%m%d").date(),
        end=datetime.datetime.strptime(end, "%Y%m%d").date(),
    )
