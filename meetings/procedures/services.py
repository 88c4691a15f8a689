"""Writes of written procedures: draft, bilag, budget proposal, send, answer, close, decide.

Every write is keyword-only, atomic, validated and audited (in the history without a
meeting: `AuditEntry.meeting` is empty, the target names the procedure). Closing happens
once: by the beat scan at the deadline (`closing.scan`), or early by the secretariat when the
outcome can no longer change; a second close is refused, a second scan finds nothing.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from budgets.models import Budget
from budgets.services import revision_apply
from dap_portal import danish

from ..audit import Actor, AuditAction, record_audit, user_of
from ..bilag.services import check_upload, removed_note, store_file, title_from_filename
from ..changes import committee_changed
from ..models import (
    AnswerChoice,
    Committee,
    ProcedureAnswer,
    ProcedureBilag,
    ProcedureOutcome,
    ProcedureProposalLine,
    ProcedureRule,
    ProcedureSection,
    ProcedureStatus,
    WrittenProcedure,
)
from ..portfolio.proposals import check_proposal, decided_revision_taken
from ..writes import clean_html, next_position
from . import tasks
from .closing import close_procedure, locked_procedure
from .selectors import procedure_tally, procedure_voters, voting_members

SECTION_HEADINGS = ("Resumé", "Baggrund", "Indstilling", "Økonomi", "Videre proces")
SOM_INDSTILLET = "<p>Godkendt som indstillet.</p>"


@transaction.atomic
def committee_choose_between_items(
    *, committee: Committee, actor: Actor, procedures_item_title: str, actions_item_title: str
) -> Committee:
    """Choose the standing items whose text the next agenda follows with the concluded
    written procedures and with the follow-up on decisions ('' leaves a list out)."""
    titles = set(committee.standing_items.values_list("title", flat=True))
    for title in (procedures_item_title, actions_item_title):
        if title and title not in titles:
            raise ValidationError(f"»{title}« er ikke et af styregruppens stående punkter.")
    old = [committee.procedures_item_title, committee.actions_item_title]
    committee.procedures_item_title = procedures_item_title
    committee.actions_item_title = actions_item_title
    committee.save(update_fields=["procedures_item_title", "actions_item_title"])
    committee_changed(committee.pk)  # the next agenda's lists move to other items
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.BETWEEN_ITEMS_CHOSEN,
        summary=f"{committee.short_name}: skriftlige processer i »{procedures_item_title or '-'}«,"
        f" opfølgning i »{actions_item_title or '-'}«",
        target=committee,
        changes={"items": [old, [procedures_item_title, actions_item_title]]},
    )
    return committee


def _ensure_draft(procedure: WrittenProcedure) -> None:
    if procedure.status != ProcedureStatus.DRAFT:
        raise ValidationError("Processen er sendt ud og kan ikke længere ændres.")


def _write_sections(procedure: WrittenProcedure, sections: dict[str, str]) -> None:
    procedure.sections.all().delete()
    rows = []
    for heading in SECTION_HEADINGS:
        html = clean_html(sections.get(heading, ""))
        if html:
            rows.append(
                ProcedureSection(
                    procedure=procedure, position=len(rows) + 1, heading=heading, html=html
                )
            )
    ProcedureSection.objects.bulk_create(rows)


def _check_fields(
    committee: Committee, rule: str, quorum: int | None, deadline: dt.datetime
) -> None:
    if rule not in ProcedureRule.values:
        raise ValidationError("Vælg en afgørelsesregel.")
    if quorum is not None and rule == ProcedureRule.MAJORITY:
        voters = voting_members(committee.pk).count()
        if quorum < 1 or quorum > voters:
            raise ValidationError(
                f"Beslutningsdygtigheden skal være mellem 1 og {voters} (de stemmeberettigede)."
            )
    if timezone.is_naive(deadline):
        raise ValidationError("Svarfristen mangler en tidszone.")
    # The same span as meetings (a deadline of 9999-12-31 was sent and never closed).
    if problem := danish.date_out_of_range(deadline.date(), what="Svarfristen"):
        raise ValidationError(problem)


def _fill(
    procedure: WrittenProcedure,
    *,
    title: str,
    deadline: dt.datetime,
    rule: str,
    quorum: int | None,
    confidential: bool,
    hide_answers: bool,
    reminder_days: int,
    sections: dict[str, str] | None,
    project_ids: Sequence[int],
) -> None:
    """Check and save what the secretariat writes in a draft (creating or changing it)."""
    _check_fields(procedure.committee, rule, quorum, deadline)
    procedure.title = title.strip()
    procedure.deadline = deadline
    procedure.rule = rule
    procedure.quorum = quorum if rule == ProcedureRule.MAJORITY else None
    procedure.confidential = confidential
    procedure.hide_answers = hide_answers
    procedure.reminder_days = reminder_days
    procedure.full_clean()
    procedure.save()
    procedure.projects.set(project_ids)
    _write_sections(procedure, sections or {})


@transaction.atomic
def procedure_create(
    *,
    committee: Committee,
    actor: Actor,
    title: str,
    deadline: dt.datetime,
    rule: str,
    quorum: int | None = None,
    confidential: bool = False,
    hide_answers: bool = False,
    reminder_days: int = 2,
    sections: dict[str, str] | None = None,
    project_ids: Sequence[int] = (),
) -> WrittenProcedure:
    """A new written procedure of a committee, as a draft the secretariat sends out later."""
    procedure = WrittenProcedure(committee=committee, created_by=user_of(actor))
    _fill(
        procedure,
        title=title,
        deadline=deadline,
        rule=rule,
        quorum=quorum,
        confidential=confidential,
        hide_answers=hide_answers,
        reminder_days=reminder_days,
        sections=sections,
        project_ids=project_ids,
    )
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_CREATED,
        summary=f"Skriftlig proces oprettet: {procedure.title}",
        target=procedure,
    )
    return procedure


@transaction.atomic
def procedure_update(
    *,
    procedure: WrittenProcedure,
    actor: Actor,
    title: str,
    deadline: dt.datetime,
    rule: str,
    quorum: int | None = None,
    confidential: bool = False,
    hide_answers: bool = False,
    reminder_days: int = 2,
    sections: dict[str, str] | None = None,
    project_ids: Sequence[int] = (),
) -> WrittenProcedure:
    """Change a draft procedure (once sent, what members received stays as it was)."""
    procedure = locked_procedure(procedure)
    _ensure_draft(procedure)
    _fill(
        procedure,
        title=title,
        deadline=deadline,
        rule=rule,
        quorum=quorum,
        confidential=confidential,
        hide_answers=hide_answers,
        reminder_days=reminder_days,
        sections=sections,
        project_ids=project_ids,
    )
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_UPDATED,
        summary=f"Skriftlig proces ændret: {procedure.title}",
        target=procedure,
    )
    return procedure


@transaction.atomic
def procedure_bilag_upload(
    *, procedure: WrittenProcedure, actor: Actor, upload: UploadedFile, title: str = ""
) -> ProcedureBilag:
    """Attach a file to a draft procedure, checked by the same rules as a meeting's bilag."""
    checked = check_upload(upload)
    procedure = locked_procedure(procedure)
    _ensure_draft(procedure)
    bilag = ProcedureBilag(
        procedure=procedure,
        position=next_position(procedure.bilag.all()),
        title=title.strip() or title_from_filename(checked.name),
    )
    # As an item's bilag: a PDF without active content, its hash and words kept.
    removed = store_file(
        record=bilag, data=checked.data, kind=checked.kind, name=checked.name, actor=actor
    )
    bilag.full_clean()
    bilag.save()
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_BILAG_UPLOADED,
        summary=f"Bilag tilføjet til skriftlig proces »{procedure.title}«: {bilag.title}"
        + removed_note(removed),
        target=bilag,
    )
    return bilag


@transaction.atomic
def procedure_bilag_delete(*, bilag: ProcedureBilag, actor: Actor) -> None:
    procedure = locked_procedure(bilag.procedure_id)
    _ensure_draft(procedure)
    title = bilag.title
    bilag.delete()
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_BILAG_DELETED,
        summary=f"Bilag fjernet fra skriftlig proces »{procedure.title}«: {title}",
        target=procedure,
    )


@transaction.atomic
def procedure_set_proposal(
    *,
    procedure: WrittenProcedure,
    actor: Actor,
    budget: Budget | None,
    amounts: dict[int, int],
) -> WrittenProcedure:
    """Give a draft procedure a budget proposal (new amounts per line), or remove it."""
    procedure = locked_procedure(procedure)
    _ensure_draft(procedure)
    procedure.proposal_lines.all().delete()
    procedure.budget = budget
    if budget is not None:
        check_proposal(procedure.committee, budget, amounts)
        ProcedureProposalLine.objects.bulk_create(
            ProcedureProposalLine(procedure=procedure, line_id=line_id, amount=amount)
            for line_id, amount in amounts.items()
        )
    procedure.save(update_fields=["budget"])
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_UPDATED,
        summary=f"Budgetforslag i skriftlig proces »{procedure.title}« "
        + ("gemt" if budget is not None else "fjernet"),
        target=procedure,
    )
    return procedure


@transaction.atomic
def procedure_send(*, procedure: WrittenProcedure, actor: Actor) -> WrittenProcedure:
    """Send a draft out: the voting members get an e-mail with a link and may answer."""
    procedure = locked_procedure(procedure)
    _ensure_draft(procedure)
    now = timezone.now()
    if procedure.deadline <= now:
        raise ValidationError("Svarfristen er overskredet. Sæt en frist ude i fremtiden.")
    if not procedure.sections.exists():
        raise ValidationError("Processen har ingen tekst. Skriv mindst en indstilling.")
    if not voting_members(procedure.committee_id).exists():
        raise ValidationError("Styregruppen har ingen stemmeberettigede medlemmer.")
    procedure.status = ProcedureStatus.SENT
    procedure.sent_at = now
    # Who votes is decided now and kept: one invited later neither counts nor gets the e-mail.
    procedure.voter_ids = sorted(
        voting_members(procedure.committee_id).values_list("pk", flat=True)
    )
    procedure.save(update_fields=["status", "sent_at", "voter_ids"])
    committee_changed(procedure.committee_id)  # "Afventer dit svar" on the overviews
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_SENT,
        summary=f"Skriftlig proces udsendt: {procedure.title} "
        f"(frist {danish.moment(procedure.deadline)})",
        target=procedure,
    )
    transaction.on_commit(lambda: tasks.send_procedure.delay(procedure.pk))
    return procedure


@transaction.atomic
def procedure_answer(
    *, procedure: WrittenProcedure, user, choice: str, remark: str = ""
) -> ProcedureAnswer:
    """A voting member's answer (a new one replaces the earlier) until the deadline."""
    procedure = locked_procedure(procedure)
    now = timezone.now()
    if procedure.status != ProcedureStatus.SENT or now >= procedure.deadline:
        raise ValidationError("Svarfristen er udløbet; der kan ikke længere svares.")
    if user.pk not in procedure_voters(procedure).values_list("pk", flat=True):
        raise ValidationError(
            "Kun de stemmeberettigede, processen blev sendt til, kan svare på den."
        )
    if choice not in AnswerChoice.values:
        raise ValidationError("Vælg Godkend, Afvis eller Bemærkning.")
    remark = remark.strip()
    if choice == AnswerChoice.REMARK and not remark:
        raise ValidationError("Skriv din bemærkning.")
    if len(remark) > 4000:
        raise ValidationError("Bemærkningen må højst være 4.000 tegn.")
    answer, created = ProcedureAnswer.objects.update_or_create(
        procedure=procedure,
        user=user,
        defaults={"choice": choice, "remark": remark, "answered_at": now},
    )
    committee_changed(procedure.committee_id)  # no longer awaiting this member's answer
    record_audit(
        meeting=None,
        actor=user,
        action=AuditAction.PROCEDURE_ANSWERED,
        summary=f"{'Svar' if created else 'Ændret svar'} i skriftlig proces »{procedure.title}«: "
        f"{answer.get_choice_display()}",
        target=procedure,
        changes={"choice": [None, choice]},
    )
    return answer


@transaction.atomic
def procedure_close_early(*, procedure: WrittenProcedure, actor: Actor) -> WrittenProcedure:
    """Close before the deadline, when no missing answer can change the outcome."""
    procedure = locked_procedure(procedure)
    if procedure.status != ProcedureStatus.SENT:
        raise ValidationError("Processen er ikke åben.")
    if not procedure_tally(procedure).settled:
        raise ValidationError(
            "Udfaldet kan stadig ændre sig: de manglende svar kan vende det. Vent til fristen."
        )
    return close_procedure(procedure, actor, timezone.now(), early=True)


@transaction.atomic
def procedure_decide(
    *, procedure: WrittenProcedure, actor: Actor, as_recommended: bool, html: str = ""
) -> WrittenProcedure:
    """Record the Beslutning of a closed procedure ('som indstillet' or free text).

    An approved procedure's budget proposal becomes the budget's revision dated the day the
    procedure concluded, exactly once (`applied_revision`), however often the decision is
    recorded again.
    """
    procedure = locked_procedure(procedure)
    if procedure.status != ProcedureStatus.CLOSED:
        raise ValidationError("Beslutningen registreres, når processen er afsluttet.")
    if as_recommended:
        if procedure.outcome != ProcedureOutcome.APPROVED:
            raise ValidationError(
                "Processen blev ikke godkendt; skriv beslutningen i stedet for »som indstillet«."
            )
        decision = SOM_INDSTILLET
    else:
        decision = clean_html(html)
        if not decision:
            raise ValidationError("Skriv beslutningen.")
    procedure.decision_html = decision
    procedure.decided_at = timezone.now()
    procedure.decided_by = user_of(actor)
    procedure.save(update_fields=["decision_html", "decided_at", "decided_by"])
    committee_changed(procedure.committee_id)
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_DECIDED,
        summary=f"Beslutning registreret i skriftlig proces »{procedure.title}«",
        target=procedure,
    )
    if procedure.outcome == ProcedureOutcome.APPROVED:
        _apply_proposal(procedure, actor)
    return procedure


def _apply_proposal(procedure: WrittenProcedure, actor: Actor) -> None:
    if procedure.budget_id is None or procedure.applied_revision_id is not None:
        return  # no proposal, or applied once already
    amounts = dict(procedure.proposal_lines.values_list("line_id", "amount"))
    if not amounts:
        return
    day = timezone.localdate(min(procedure.closed_at, procedure.deadline))
    if decided_revision_taken(procedure.budget_id, day):
        # That day's revision is another decision's (an item's or another procedure's): one
        # decision per revision, so the secretariat corrects the budget by hand.
        raise ValidationError(
            f"Budget {procedure.budget.programme.short_name} {procedure.budget.year} har "
            f"allerede en revision dateret {danish.date_long(day)} fra et andet budgetforslag. "
            "Ret budgettet på budgetsiden, og registrér derefter beslutningen."
        )
    revision = revision_apply(
        budget=procedure.budget,
        date=day,
        amounts=amounts,
        actor=actor,
        reason=f"skriftlig proces »{procedure.title}«, {danish.date_short(day)}",
    )
    procedure.applied_revision = revision
    procedure.applied_at = timezone.now()
    procedure.save(update_fields=["applied_revision", "applied_at"])
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.BUDGET_PROPOSAL_APPLIED,
        summary=f"Budgetforslaget i skriftlig proces »{procedure.title}« er anvendt: budget "
        f"{procedure.budget.programme.short_name} {procedure.budget.year} har fået revisionen "
        f"{danish.date_short(day)}",
        target=revision,
    )
