"""Pages of written procedures: who sees what, answering in the browser, the record PDF."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from meetings.models import ProcedureStatus, Role, WrittenProcedure
from meetings.procedures import closing, services
from tests.factories import PDF_BYTES, member
from tests.meetings.documents.test_accessibility import findings

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def page(procedure_id: int) -> str:
    return reverse("meetings:procedure_detail", args=[procedure_id])


def test_a_member_answers_and_may_change_the_answer(client, dap, secretary):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary)
    client.force_login(anna)
    response = client.get(page(sent.pk))
    assert b'value="approve"' in response.content
    url = reverse("meetings:procedure_answer", args=[sent.pk])
    client.post(url, {"choice": "reject", "remark": "Nej tak"})
    client.post(url, {"choice": "approve", "remark": ""})
    answer = sent.answers.get()
    assert (answer.user, answer.choice) == (anna, "approve")


def test_an_observer_reads_an_open_procedure_without_answer_buttons(client, dap, secretary):
    voters(dap)
    sent = procedure(dap, secretary)
    observer = member(dap, Role.OBSERVER)
    client.force_login(observer)
    response = client.get(page(sent.pk))
    assert response.status_code == 200
    assert b"Mini PID" in response.content
    assert b'value="approve"' not in response.content
    client.post(reverse("meetings:procedure_answer", args=[sent.pk]), {"choice": "approve"})
    assert not sent.answers.exists()


def test_a_closed_procedure_is_invisible_to_observers_everywhere(client, dap, secretary):
    voters(dap)
    observer = member(dap, Role.OBSERVER)
    sent = procedure(dap, secretary, confidential=True)
    client.force_login(observer)
    assert client.get(page(sent.pk)).status_code == 404
    assert client.get(reverse("meetings:procedure_record_pdf", args=[sent.pk])).status_code == 404
    listing = client.get(reverse("meetings:procedure_list", args=[dap.pk]))
    assert b"Mini PID" not in listing.content
    chair = member(dap, Role.CHAIR)
    client.force_login(chair)
    assert client.get(page(sent.pk)).status_code == 200


def test_a_draft_is_the_secretariats_only(client, dap, secretary):
    anna, *_ = voters(dap)
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Kladde",
        deadline=WrittenProcedure._meta.get_field("deadline").to_python(
            "2099-01-01T12:00:00+01:00"
        ),
        rule="silent",
        sections={"Indstilling": "<p>x</p>"},
    )
    client.force_login(anna)
    assert client.get(page(draft.pk)).status_code == 404
    client.force_login(secretary)
    assert client.get(page(draft.pk)).status_code == 200


def test_the_secretariat_creates_uploads_and_sends(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    voters(dap)
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:procedure_create", args=[dap.pk]),
        {
            "title": "Mini PID'en for projektet",
            "deadline_date": "2099-05-22",
            "deadline_time": "12:00",
            "rule": "majority",
            "reminder_days": "2",
            "section_2": "<p>Det indstilles, at styregruppen godkender.</p>"
            "<script>alert(1)</script>",
        },
    )
    created = WrittenProcedure.objects.get()
    assert response.status_code == 302
    assert created.sections.get().html == "<p>Det indstilles, at styregruppen godkender.</p>"
    bad = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(reverse("meetings:procedure_bilag_upload", args=[created.pk]), {"file": bad})
    assert not created.bilag.exists()
    good = SimpleUploadedFile("Mini_PID.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(reverse("meetings:procedure_bilag_upload", args=[created.pk]), {"file": good})
    assert created.bilag.get().title == "Mini PID"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:procedure_send", args=[created.pk]))
    created.refresh_from_db()
    assert created.status == ProcedureStatus.SENT


def test_members_only_see_the_others_answers_after_the_deadline_when_hidden(
    client, dap, secretary, clock
):
    anna, bo, _ = voters(dap)
    sent = procedure(dap, secretary, hide_answers=True)
    services.procedure_answer(procedure=sent, user=anna, choice="reject", remark="Hemmelig grund")
    client.force_login(bo)
    assert b"Hemmelig grund" not in client.get(page(sent.pk)).content
    # Nor the record PDF: not the remark, not the count of rejections.
    record = client.get(reverse("meetings:procedure_record_pdf", args=[sent.pk]))
    early = " ".join(
        (p.extract_text() or "")
        for p in PdfReader(io.BytesIO(b"".join(record.streaming_content))).pages
    )
    assert "1 medlem har svaret" in " ".join(early.split())
    assert "Hemmelig grund" not in early
    assert "afviser" not in early
    client.force_login(secretary)
    assert b"Hemmelig grund" in client.get(page(sent.pk)).content
    clock.move(days=6)
    closing.scan()
    client.force_login(bo)
    assert b"Hemmelig grund" in client.get(page(sent.pk)).content


def test_the_record_pdf_holds_answers_remarks_and_outcome(client, dap, secretary, clock):
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    services.procedure_answer(
        procedure=sent, user=carl, choice="reject", remark="Økonomien mangler"
    )
    clock.move(days=6)
    closing.scan()
    client.force_login(anna)
    response = client.get(reverse("meetings:procedure_record_pdf", args=[sent.pk]))
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Skriftlig proces: Mini PID'en for projektet" in text
    assert text.count("Godkend") >= 2
    assert "Afvis" in text
    assert "Økonomien mangler" in text
    assert "Flertal" in text
    assert "Godkendt" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as the agenda


def test_the_record_pdf_passes_pdfua(client, dap, secretary, clock, tmp_path):
    anna, bo, _carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve", remark="Fint")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    clock.move(days=6)
    closing.scan()
    client.force_login(anna)
    response = client.get(reverse("meetings:procedure_record_pdf", args=[sent.pk]))
    assert findings(b"".join(response.streaming_content), tmp_path / "record.pdf") == []


def test_the_secretariat_chooses_the_standing_items_of_the_next_agenda(client, dap, secretary):
    from meetings.editor.services import standing_items_ensure

    standing_items_ensure(committee=dap)
    client.force_login(secretary)
    url = reverse("meetings:committee_between_items", args=[dap.pk])
    client.post(url, {"procedures_item_title": "Eventuelt og næste møde", "actions_item_title": ""})
    dap.refresh_from_db()
    assert (dap.procedures_item_title, dap.actions_item_title) == ("Eventuelt og næste møde", "")
    client.post(url, {"procedures_item_title": "Findes ikke", "actions_item_title": ""})
    dap.refresh_from_db()
    assert dap.procedures_item_title == "Eventuelt og næste møde"
    anna, *_ = voters(dap, 1)
    client.force_login(anna)
    assert client.post(url, {"procedures_item_title": ""}).status_code == 404


def test_a_recorded_decision_hides_the_one_click_button_and_keeps_the_text(
    client, dap, secretary, clock
):
    voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    client.force_login(secretary)
    before = client.get(page(sent.pk)).content.decode()
    assert "Godkendt som indstillet</button>" in before
    assert "Ret beslutningen" not in before
    services.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    after = client.get(page(sent.pk)).content.decode()
    assert "Godkendt som indstillet</button>" not in after
    assert "Ret beslutningen" in after
    # The correction starts from the recorded text, and the deadline names its weekday.
    assert "&lt;p&gt;Godkendt som indstillet.&lt;/p&gt;</textarea>" in after
    weekday = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
    assert any(f"{day} d. " in after for day in weekday)


def test_bad_input_is_refused_in_danish_and_changes_nothing(client, dap, secretary):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary)
    client.force_login(anna)
    too_long = "x" * 4001
    response = client.post(
        reverse("meetings:procedure_answer", args=[sent.pk]),
        {"choice": "reject", "remark": too_long},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bemærkningen må højst være 4000 tegn (den har 4001)" in content
    assert too_long in content  # what was typed is kept, to shorten
    assert not sent.answers.exists()

    client.force_login(secretary)
    listing = client.get(reverse("meetings:procedure_list", args=[dap.pk])).content.decode()
    title = listing.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert "Skriftlige processer" in title
    assert listing.count('name="procedures_item_title"') == 1


def test_an_amount_beyond_any_budget_is_refused(dap, secretary):
    from budgets.models import BudgetLine
    from tests.budgets.helpers import make_budget

    budget = make_budget(dap)
    line = BudgetLine.objects.filter(budget=budget).first()
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Flyt midler",
        deadline=timezone.now() + dt.timedelta(days=3),
        rule="silent",
        sections={"Indstilling": "<p>x</p>"},
    )
    with pytest.raises(ValidationError, match="for stort"):
        services.procedure_set_proposal(
            procedure=draft, actor=secretary, budget=budget, amounts={line.pk: 10**19}
        )
    assert not draft.proposal_lines.exists()


@pytest.mark.parametrize(
    ("typed", "says"), [("-5", "negativt"), ("١٢٣", "cifrene 0-9"), ("12,5", "hele kroner")]
)
def test_the_proposal_page_reads_amounts_as_the_budget_page_does(
    client, dap, secretary, typed, says
):
    from budgets.models import BudgetLine
    from tests.budgets.helpers import make_budget

    budget = make_budget(dap)
    line = BudgetLine.objects.filter(budget=budget).first()
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Flyt midler",
        deadline=timezone.now() + dt.timedelta(days=3),
        rule="silent",
        sections={"Indstilling": "<p>x</p>"},
    )
    client.force_login(secretary)

    response = client.post(
        reverse("meetings:procedure_proposal", args=[draft.pk]),
        {"budget": budget.pk, f"line-{line.pk}": typed},
        follow=True,
    )

    assert says in response.content.decode()
    assert not draft.proposal_lines.exists()


def test_the_answer_form_and_the_answers_have_headings_of_their_own(client, dap, secretary):
    from tests.meetings.procedures.helpers import procedure, voters

    anna = voters(dap)[0]
    sent = procedure(dap, secretary)
    client.force_login(anna)

    page = client.get(reverse("meetings:procedure_detail", args=[sent.pk])).content.decode()

    assert '<h2 id="svar-form" class="h3">Dit svar</h2>' in page
    assert '<h2 id="svar" class="h3">Medlemmernes svar</h2>' in page


def test_the_follow_up_heading_sits_one_level_under_the_decision(client, dap, secretary, clock):
    """Issue 23: the decision is an h2, so its "Opfølgning" is an h3 (an h4 skipped a level)."""
    voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    clock.move(days=6)
    closing.scan()
    client.force_login(secretary)

    response = client.get(page(sent.pk))

    assertContains(response, '<h2 id="beslutning" class="h3">Beslutning</h2>', html=True)
    assertContains(response, '<h3 class="section-heading">Opfølgning</h3>', html=True)
    assertNotContains(response, '<h4 class="section-heading">Opfølgning</h4>', html=True)
