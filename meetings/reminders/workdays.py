"""Danish working days: a reminder due on a weekend or a public holiday goes out the working
day before (after the meeting: the working day after, never before the meeting has ended).

The public holidays come from the `holidays` library (Easter and the days that follow it, store
bededag up to 2023); the days public offices close besides are added here.
"""

import datetime as dt
from functools import cache

import holidays

# The library's names start with a capital letter and say "Anden"; mid-sentence the pages
# write "2. påskedag" ("flyttet fra mandag d. 22. april 2030, 2. påskedag").
OUR_NAMES = {
    "Anden påskedag": "2. påskedag",
    "Anden pinsedag": "2. pinsedag",
    "Anden juledag": "2. juledag",
    "Kristi himmelfartsdag": "Kristi himmelfartsdag",
}


@cache
def days_off(year: int) -> dict[dt.date, str]:
    """The year's days off: the public holidays, and the days public offices close."""
    days = {
        day: OUR_NAMES.get(name, name.lower())
        for day, name in holidays.DK(years=year, language="da").items()
    }
    # Not public holidays by law, but days off in the state's agreements: offices close.
    # (The library's optional days hold these, but also 1 May, when offices are open.)
    days[dt.date(year, 6, 5)] = "grundlovsdag"
    days[dt.date(year, 12, 24)] = "juleaftensdag"
    days[dt.date(year, 12, 31)] = "nytårsaftensdag"
    return days


def day_off(day: dt.date) -> str | None:
    """Why no one works on `day` ("2. påskedag", "lørdag"), or None on a working day."""
    holiday = days_off(day.year).get(day)
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
