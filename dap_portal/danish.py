"""Danish dates, times and amounts, computed the same way everywhere (pages, PDFs, e-mail).

Written out here rather than taken from the process locale, so that a server without the
Danish locale installed still writes `mandag d. 6. oktober 2025` and `1.615.000 kr.`.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


# The dates the portal accepts anywhere (meetings, budgets, imports): far enough either way
# for any real agenda, and near enough that adding a few days or a time zone can never
# overflow (9999-12-31 + 1 day raised OverflowError in reminder scheduling).
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def date_out_of_range(value: dt.date, *, what: str = "Datoen") -> str | None:
    """A Danish sentence when the date lies outside EARLIEST_DATE..LATEST_DATE, else None."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return (
        f"{what} {value.isoformat()} ligger uden for det, portalen kan bruge: skriv en dato "
        f"mellem {date_long(EARLIEST_DATE)} og {date_long(LATEST_DATE)}."
    )


def validate_date_range(value: dt.date | None) -> None:
    """Django validator (forms and models) for `date_out_of_range`."""
    if value is not None and (problem := date_out_of_range(value)):
        raise ValidationError(problem, code="date_range")


def weekday(day: dt.date) -> str:
    """`mandag` for 2025-10-06."""
    return WEEKDAYS[day.weekday()]


def date_long(day: dt.date) -> str:
    """`6. oktober 2025`."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def date_with_weekday(day: dt.date, *, capitalize: bool = False) -> str:
    """`mandag d. 6. oktober 2025` (or `Mandag d. ...` at the start of a line)."""
    text = f"{weekday(day)} d. {date_long(day)}"
    return text[:1].upper() + text[1:] if capitalize else text


def date_short(day: dt.date) -> str:
    """`31/8`, as budget column headings write a date."""
    return f"{day.day}/{day.month}"


def clock(time: dt.time | None) -> str:
    """`13.00`; Danish writes the hour and minute with a full stop."""
    return "" if time is None else f"{time.hour:02d}.{time.minute:02d}"


def clock_span(start: dt.time | None, end: dt.time | None) -> str:
    """`kl. 13.00-15.00`, `kl. 13.00`, or '' when the time is not known."""
    if start and end:
        return f"kl. {clock(start)}-{clock(end)}"
    if start:
        return f"kl. {clock(start)}"
    return ""


def thousands(value: int | Decimal) -> str:
    """`1.615.000`, `-87.000`: whole numbers with a full stop between thousands."""
    number = int(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def amount(value: int | Decimal | None) -> str:
    """`1.615.000 kr.`; '' for a missing amount."""
    return "" if value is None else f"{thousands(value)} kr."


def minutes(value: int) -> str:
    """`10 min.`"""
    return f"{value} min."


def megabytes(size: int) -> str:
    """`50 MB`, `51,2 MB`: a file size as the upload messages write it."""
    value = round(size / (1024 * 1024), 1)
    if value == int(value):
        return f"{int(value)} MB"
    return f"{value:.1f} MB".replace(".", ",")


def iso_date(value: dt.date | None) -> str | None:
    """`2025-10-06`, or None: a date as the history and the interchange format store it."""
    return value.isoformat() if value else None


def iso_clock(value: dt.time | None) -> str | None:
    """`13:00`, or None: a clock time as the history and the interchange format store it."""
    return value.strftime("%H:%M") if value else None


def moment(at: dt.datetime | None, *, with_weekday: bool = False) -> str:
    """`6. oktober 2025 kl. 14.05` (or `mandag d. 6. oktober 2025 kl. 14.05`) in Danish time."""
    if at is None:
        return ""
    local = timezone.localtime(at)
    day = date_with_weekday(local.date()) if with_weekday else date_long(local.date())
    return f"{day} kl. {clock(local.time())}"


class WholeNumberField(forms.IntegerField):
    """Every whole number a form takes (minutes, quorum, days): written with the digits 0-9,
    as dates and amounts are. Python's int() reads Arabic-Indic and other digits too."""

    default_error_messages = {"invalid": "Skriv et helt tal med cifrene 0-9."}

    def to_python(self, value: object) -> int | None:
        if isinstance(value, str) and not value.strip().isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
