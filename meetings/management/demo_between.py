"""Demo data between meetings (`manage.py load_demo`): two written procedures and a follow-up.

- One concluded by silent approval since the seed meeting, with its Beslutning and a
  follow-up action: the coming meeting's Meddelelser tells it by itself.
- One open, by majority, that the chair has answered and the member has not: the member's
  overview shows it under "Afventer dit svar".

Everything goes through the services, as the secretariat's clicks would. Running it again
changes nothing (the procedures are found by title).
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from ..actions.services import action_create
from ..models import (
    AnswerChoice,
    Committee,
    ProcedureRule,
    ResponsibleKind,
    WrittenProcedure,
)
from ..procedures.services import (
    procedure_answer,
    procedure_close_early,
    procedure_create,
    procedure_decide,
    procedure_send,
)

CONCLUDED_TITLE = "Udvidet formål i mini PID'en for deling af lokale laboratoriesvar"
OPEN_TITLE = "Kommissorium for evaluering af kronikerpakkerne"
OPEN_DAYS_AHEAD = 5


def ensure_between(
    committee: Committee,
    secretary: AbstractBaseUser,
    chair: AbstractBaseUser,
    member: AbstractBaseUser,
) -> list[str]:
    """Create what is missing; return what was done (for the command's report)."""
    done: list[str] = []
    existing = set(
        WrittenProcedure.objects.filter(committee=committee).values_list("title", flat=True)
    )
    now = timezone.now()
    if CONCLUDED_TITLE not in existing:
        draft = procedure_create(
            committee=committee,
            actor=secretary,
            title=CONCLUDED_TITLE,
            deadline=now + dt.timedelta(days=7),
            rule=ProcedureRule.SILENT,
            sections={
                "Resumé": "<p>Formålet i mini PID'en udvides med anmeldelse af smitsomme "
                "sygdomme: Statens Serum Institut henter data fra MiBa, så lægerne ikke "
                "selv skal indberette.</p>",
                "Indstilling": "<p>Det indstilles, at styregruppen godkender tilføjelsen "
                "til formålet i mini PID'en for deling af lokale laboratoriesvar.</p>",
            },
        )
        procedure = procedure_send(procedure=draft, actor=secretary)
        for user in (chair, member):
            procedure_answer(procedure=procedure, user=user, choice=AnswerChoice.APPROVE)
        procedure = procedure_close_early(procedure=procedure, actor=secretary)
        procedure = procedure_decide(procedure=procedure, actor=secretary, as_recommended=True)
        action_create(
            actor=secretary,
            procedure=procedure,
            what="Projektgruppen sender den opdaterede mini PID til sekretariatet",
            responsible_kind=ResponsibleKind.MEMBER,
            responsible_user_id=chair.pk,
            until_next_meeting=True,
        )
        done.append(
            f"Afsluttede den skriftlige proces »{CONCLUDED_TITLE}« (godkendt) med en opfølgning."
        )
    if OPEN_TITLE not in existing:
        local_noon = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0)
        draft = procedure_create(
            committee=committee,
            actor=secretary,
            title=OPEN_TITLE,
            deadline=local_noon + dt.timedelta(days=OPEN_DAYS_AHEAD),
            rule=ProcedureRule.MAJORITY,
            sections={
                "Resumé": "<p>Kommissoriet for evalueringen af kronikerpakkerne er "
                "færdigt efter høringen i projektgruppen.</p>",
                "Indstilling": "<p>Det indstilles, at styregruppen godkender kommissoriet.</p>",
            },
        )
        procedure = procedure_send(procedure=draft, actor=secretary)
        procedure_answer(procedure=procedure, user=chair, choice=AnswerChoice.APPROVE)
        done.append(f"Sendte den skriftlige proces »{OPEN_TITLE}« ud; medlemmet mangler at svare.")
    return done
