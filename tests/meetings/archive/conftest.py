"""The archive corpus, made once per run from the seed fixture (which is never edited)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from budgets.selectors import budget_table_for
from dap_portal import danish
from meetings.access import Viewer
from meetings.bilag.conversion import ConversionError, convert_to_pdf, soffice
from meetings.documents.render import DocumentKind, render_document
from meetings.editor import services as editor_services
from meetings.interchange.export import export_agenda
from meetings.interchange.services import import_agenda
from meetings.minutes import services
from meetings.models import AttendanceStatus, DecisionOutcome, Membership, Role
from tests.factories import UserFactory

from .corpus import agenda_docx

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "dap-2025-10-06.json"

DECISIONS = {
    2: "<p>Styregruppen drøftede programmets rolle i kronikerpakkerne og tog orienteringen "
    "til efterretning.</p>",
    3: "<p>Godkendt som indstillet; KOL forløbsplanen afventer kronikerpakken.</p>",
    8: "<p>Budgetterne blev taget til efterretning.</p>",
}


def seed() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@dataclass
class Corpus:
    """The files of the archive test corpus and what they must give back."""

    docx: bytes
    portal_pdf: bytes
    referat_docx: bytes
    referat_pdf: bytes
    libreoffice_pdf: bytes | None
    libreoffice_problem: str
    amounts: list[str] = field(default_factory=list)  # the budget table's figures as text
    attendance: list[tuple[str, str]] = field(default_factory=list)


def _budget_amounts() -> list[str]:
    table = budget_table_for("DAP", 2025)
    figures = [danish.amount(a) for row in table.rows for a in row.amounts if a is not None]
    figures += [danish.amount(row.spent) for row in table.rows if row.spent is not None]
    figures += [danish.amount(row.rest) for row in table.rows]
    figures += [danish.amount(a) for a in table.unallocated]
    figures += [danish.amount(table.total), danish.amount(table.spent_total)]
    return figures


@pytest.fixture(scope="session")
def corpus(django_db_setup, django_db_blocker) -> Corpus:
    """Build every corpus file in one rolled-back transaction (the tests start empty)."""
    viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
    with django_db_blocker.unblock(), transaction.atomic():
        meeting = import_agenda(seed())
        docx = agenda_docx(meeting)
        portal_pdf = render_document(meeting, viewer, DocumentKind.DAGSORDEN, use_cache=False)
        amounts = _budget_amounts()
        # The minutes: the meeting held, three decisions, one present and one absent member.
        present = UserFactory(username="arkiv1", first_name="Anne", last_name="Holm")
        absent = UserFactory(username="arkiv2", first_name="Bo", last_name="Lund")
        for user in (present, absent):
            Membership.objects.create(committee=meeting.committee, user=user, role=Role.MEMBER)
        meeting = editor_services.meeting_publish(meeting=meeting, actor=None)
        meeting = services.meeting_mark_held(meeting=meeting, actor=None)
        for item in meeting.items.all():
            if item.position in DECISIONS:
                services.decision_record(
                    item=item, actor=None, outcome="", html=DECISIONS[item.position]
                )
            elif item.kind == "O":
                services.decision_record(
                    item=item, actor=None, outcome=DecisionOutcome.NOTED, html=""
                )
        services.attendance_record(
            meeting=meeting,
            actor=None,
            statuses={present.pk: AttendanceStatus.PRESENT, absent.pk: AttendanceStatus.ABSENT},
        )
        referat_docx = agenda_docx(meeting, referat=True)
        referat_pdf = render_document(meeting, viewer, DocumentKind.REFERAT, use_cache=False)
        assert export_agenda(meeting)["items"][1]["decision_html"]
        transaction.set_rollback(True)
    libreoffice_pdf, problem = None, ""
    if soffice() is None:
        problem = "LibreOffice er ikke installeret"
    else:
        try:
            libreoffice_pdf = convert_to_pdf(docx)
        except ConversionError as exc:
            problem = str(exc)
    return Corpus(
        docx=docx,
        portal_pdf=portal_pdf.content,
        referat_docx=referat_docx,
        referat_pdf=referat_pdf.content,
        libreoffice_pdf=libreoffice_pdf,
        libreoffice_problem=problem,
        amounts=amounts,
        attendance=[("Anne Holm", AttendanceStatus.PRESENT), ("Bo Lund", AttendanceStatus.ABSENT)],
    )
