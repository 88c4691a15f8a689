"""Danish working days: a reminder due on a weekend or a public holiday goes out the working
day before (after the meeting: the working day after, never before the meeting has ended).

A small table rather than a dependency: the Danish holidays are few, and the movable ones
follow Easter (Gauss/Meeus' computus for the Gregorian calendar).
"""

import datetime as dt
from functools import cache

# Store bededag was abolished as a public holiday from 2024 (lov nr. 134 af 28. februar 2023).
LAST_STORE_BEDEDAG = 2023


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def holidays(year: int) -> dict[dt.date, str]:
    """The year's days off: the public holidays, and the days public offices close."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "nytårsdag",
        easter - dt.timedelta(days=3): "skærtorsdag",
        easter - dt.timedelta(days=2): "langfredag",
        easter: "påskedag",
        easter + dt.timedelta(days=1): "2. påskedag",
        easter + dt.timedelta(days=39): "Kristi himmelfartsdag",
        easter + dt.timedelta(days=49): "pinsedag",
        easter + dt.timedelta(days=50): "2. pinsedag",
        # Not public holidays by law, but days off in the state's agreements: offices close.
        dt.date(year, 6, 5): "grundlovsdag",
        dt.date(year, 12, 24): "juleaftensdag",
        dt.date(year, 12, 25): "juledag",
        dt.date(year, 12, 26): "2. juledag",
        dt.date(year, 12, 31): "nytårsaftensdag",
    }
    if year <= LAST_STORE_BEDEDAG:
        days[easter + dt.timedelta(days=26)] = "store bededag"
    return days


def day_off(day: dt.date) -> str | None:
    """Why no one works on `day` ("2. påskedag", "lørdag"), or None on a working day."""
    holiday = holidays(day.year).get(day)
    if holiday is not None:
        return holiday
    if day.weekday() == 5:
        return "lørdag"
    if day.weekday() == 6:
        return "søndag"
    return None


def working_day(moment: dt.datetime, *, step: int = -1) -> dt.datetime:
    """`moment` at the same clock time on the nearest working day, going back (or forward)."""
    day = moment.date()
    while day_off(day) is not None:
        day += dt.timedelta(days=step)
    return moment.replace(year=day.year, month=day.month, day=day.day)
