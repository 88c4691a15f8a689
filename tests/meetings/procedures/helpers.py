"""Set-up shared by the tests of written procedures and follow-up actions."""

import datetime as dt

from django.utils import timezone

from meetings.models import Role
from meetings.procedures import services
from tests.factories import member

INDSTILLING = "<p>Det indstilles, at styregruppen godkender Mini PID'en.</p>"


def voters(committee, count: int = 3) -> list:
    names = ["Anna", "Bo", "Carl", "Dorte", "Erik"]
    return [
        member(committee, Role.MEMBER, first_name=names[index], last_name="Medlem")
        for index in range(count)
    ]


def procedure(committee, secretary, *, rule: str = "majority", days: int = 5, **extra):
    """A sent procedure with an Indstilling and a deadline `days` ahead."""
    created = services.procedure_create(
        committee=committee,
        actor=secretary,
        title=extra.pop("title", "Mini PID'en for projektet"),
        deadline=timezone.now() + dt.timedelta(days=days),
        rule=rule,
        sections={"Resumé": "<p>Mini PID for Klinikkens cockpit.</p>", "Indstilling": INDSTILLING},
        **extra,
    )
    return services.procedure_send(procedure=created, actor=secretary)
