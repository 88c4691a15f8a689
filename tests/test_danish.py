"""Danish dates, clock times and amounts, as every page, PDF and e-mail writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from dap_portal import danish


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (dt.date(2025, 10, 6), "mandag"),
        (dt.date(2025, 12, 16), "tirsdag"),
        (dt.date(2025, 10, 8), "onsdag"),
        (dt.date(2025, 10, 12), "søndag"),
        (dt.date(2024, 2, 29), "torsdag"),
    ],
)
def test_weekday(day, weekday):
    assert danish.weekday(day) == weekday


def test_dates():
    assert danish.date_long(dt.date(2025, 10, 6)) == "6. oktober 2025"
    assert danish.date_with_weekday(dt.date(2025, 10, 6)) == "mandag d. 6. oktober 2025"
    assert (
        danish.date_with_weekday(dt.date(2025, 12, 16), capitalize=True)
        == "Tirsdag d. 16. december 2025"
    )
    assert danish.date_short(dt.date(2025, 8, 31)) == "31/8"


def test_clock():
    assert danish.clock(dt.time(13, 0)) == "13.00"
    assert danish.clock(dt.time(9, 5)) == "09.05"
    assert danish.clock(None) == ""
    assert danish.clock_span(dt.time(13, 0), dt.time(15, 0)) == "kl. 13.00-15.00"
    assert danish.clock_span(dt.time(13, 0), None) == "kl. 13.00"
    assert danish.clock_span(None, None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1615000, "1.615.000 kr."),
        (-87000, "-87.000 kr."),
        (0, "0 kr."),
        (999, "999 kr."),
        (Decimal("8000000"), "8.000.000 kr."),
        (None, ""),
    ],
)
def test_amount(value, text):
    assert danish.amount(value) == text


def test_minutes():
    assert danish.minutes(10) == "10 min."


def test_template_filters_are_builtin():
    template = Template(
        "{{ day|da_weekday_date }} | {{ day|da_weekday_date_cap }} | {{ time|da_clock }} | "
        "{{ amount|kr }} | {{ minutes|da_minutes }} | {{ day|da_date }}"
    )
    rendered = template.render(
        Context(
            {"day": dt.date(2025, 10, 6), "time": dt.time(13, 5), "amount": -87000, "minutes": 15}
        )
    )
    assert rendered == (
        "mandag d. 6. oktober 2025 | Mandag d. 6. oktober 2025 | 13.05 | -87.000 kr. | "
        "15 min. | 6. oktober 2025"
    )


def test_iso_datetime_keeps_whole_seconds_in_danish_time():
    """`<time datetime>` takes at most three decimals of a second (issue 23, point 5)."""
    from zoneinfo import ZoneInfo

    from dap_portal.templatetags.danish import iso_datetime

    moment = dt.datetime(2026, 12, 7, 12, 30, 32, 929774, tzinfo=ZoneInfo("UTC"))
    assert iso_datetime(moment) == "2026-12-07T13:30:32+01:00"
    assert iso_datetime(dt.date(2026, 12, 7)) == "2026-12-07"
    assert iso_datetime(None) == ""
