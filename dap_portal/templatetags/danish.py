"""Template filters for Danish dates and amounts (registered as a builtin library)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from dap_portal import danish

register = template.Library()


@register.filter
def da_date(value: dt.date | None) -> str:
    return danish.date_long(value) if value else ""


@register.filter
def da_weekday_date(value: dt.date | None) -> str:
    return danish.date_with_weekday(value) if value else ""


@register.filter
def da_weekday_date_cap(value: dt.date | None) -> str:
    return danish.date_with_weekday(value, capitalize=True) if value else ""


@register.filter
def da_clock(value: dt.time | None) -> str:
    return danish.clock(value)


@register.filter
def kr(value: int | Decimal | None) -> str:
    return danish.amount(value)


@register.filter
def da_minutes(value: int) -> str:
    return danish.minutes(value)


@register.filter
def da_day_month(value: dt.date | None) -> str:
    """`31/8`, as budget column headings write a date."""
    return danish.date_short(value) if value else ""


@register.filter
def css_string(value: str | None) -> str:
    """Text made safe inside a double-quoted CSS string (for PDF running headers)."""
    text = " ".join(str(value or "").split())
    return "".join(
        f"\\{ord(char):x} " if char in '"\\<>' or ord(char) < 32 else char for char in text
    )


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def da_moment(value: dt.datetime | None) -> str:
    """`6. oktober 2025 kl. 14.05` in Danish time."""
    return danish.moment(value)


@register.filter
def da_weekday_moment(value: dt.datetime | None) -> str:
    """`mandag d. 6. oktober 2025 kl. 14.05` in Danish time: for deadlines a reader acts on."""
    return danish.moment(value, with_weekday=True)


@register.filter
def iso_datetime(value: dt.datetime | dt.date | None) -> str:
    """For `<time datetime>`: whole seconds in local time (HTML allows at most three decimals
    of a second; `date:'c'` writes six)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    return value.isoformat() if value else ""
