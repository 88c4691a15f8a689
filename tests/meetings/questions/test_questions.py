"""Questions to the secretariat: a member asks on an item, the committee's secretariat sees it
on the edit page and answers; the asker gets the answer by e-mail and on the page; a shared
answer is on the page of everyone who may read the item, a closed item's for nobody else."""

import pytest
from django.core import mail
from django.urls import reverse

from meetings.models import AuditEntry, ItemQuestion, PrivateNote, Role
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db

QUESTION = "Hvornår er tidsplanen for udbuddet klar?"
ANSWER = "Tidsplanen sendes ud inden mødet i december."


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def people(dap):
    return {
        "secretary": member(dap, Role.SECRETARIAT, first_name="Sofie", last_name="Sekretær"),
        "asker": member(dap, Role.MEMBER, first_name="Anders", last_name="Spørger"),
        "colleague": member(dap, Role.MEMBER),
        "observer": member(dap, Role.OBSERVER),
    }


@pytest.fixture
def meeting(dap):
    return MeetingFactory(committee=dap)


def page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.text


def ask(client, user, item, text=QUESTION, **headers):
    client.force_login(user)
    return client.post(
        reverse("meetings:question_ask", args=[item.pk]), {"text": text}, headers=headers
    )


def answer(client, user, question, text=ANSWER, *, shared=False, **headers):
    client.force_login(user)
    data = {"answer": text, **({"shared": "on"} if shared else {})}
    return client.post(
        reverse("meetings:question_answer", args=[question.pk]), data, headers=headers
    )


def test_ask_answer_by_mail_and_share_with_everyone(
    client, meeting, people, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting, title="Udbud af nyt it-system")
    asker, colleague, secretary = people["asker"], people["colleague"], people["secretary"]
    # The note form offers the question, and says plainly that it is then not private.
    mine = page(client, asker, meeting)
    assert "Send som spørgsmål til sekretariatet" in mine
    assert "Ikke privat:" in mine
    assert "sekretariatet den" in mine
    # Both pages are now cached: what follows must change them where it should.
    page(client, colleague, meeting)

    client.force_login(asker)
    client.post(reverse("meetings:note_item", args=[item.pk]), {"text": QUESTION})
    response = ask(client, asker, item)
    question = ItemQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#spoergsmaal-{question.pk}")
    assert (question.item, question.asker, question.text) == (item, asker, QUESTION)
    # The note stays the member's own; the question keeps its own copy.
    assert PrivateNote.objects.get(user=asker, item=item).text == QUESTION
    assert AuditEntry.objects.filter(action="question_asked", item=item).count() == 1

    # The secretariat sees it on the edit page, with a count on the item.
    client.force_login(secretary)
    edit = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).text
    assert QUESTION in edit
    assert "1 spørgsmål (1 ubesvaret)" in edit
    assert "Anders Spørger" in edit
    # The asker sees it waiting; nobody else sees it.
    mine = page(client, asker, meeting)
    assert QUESTION in mine
    assert "Afventer svar fra sekretariatet" in mine
    assert QUESTION not in page(client, colleague, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, secretary, question)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == ANSWER
    assert not question.shared
    # The asker has it by e-mail, in Danish, with a link to the item on the meeting page.
    [message] = mail.outbox
    assert message.to == [asker.email]
    assert message.subject == "Svar på dit spørgsmål om »Udbud af nyt it-system«"
    assert ANSWER in message.body
    assert QUESTION in message.body
    link = reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#spoergsmaal-{question.pk}"
    assert link in message.body
    # ... and on the page; the colleague still sees nothing of it.
    assert ANSWER in page(client, asker, meeting)
    colleagues = page(client, colleague, meeting)
    assert ANSWER not in colleagues
    assert QUESTION not in colleagues

    # "Del svaret med alle": the same answer, now shared; no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, secretary, question, shared=True)
    assert len(mail.outbox) == 1
    colleagues = page(client, colleague, meeting)
    assert QUESTION in colleagues
    assert ANSWER in colleagues
    assert "Anders Spørger" not in colleagues  # shared without the asker's name
    # The asker sees it once, among the shared questions.
    assert page(client, asker, meeting).count(ANSWER) == 1
    actions = set(AuditEntry.objects.filter(item=item).values_list("action", flat=True))
    assert {"question_asked", "question_answered", "question_shared"} <= actions

    # A corrected answer is e-mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, secretary, question, "Rettet svar: januar.", shared=True)
    assert len(mail.outbox) == 2
    assert "Rettet svar: januar." in page(client, colleague, meeting)


def test_a_closed_item_question_follows_the_item(
    client, meeting, people, django_capture_on_commit_callbacks
):
    closed = AgendaItemFactory(meeting=meeting, confidential=True, title="Personalesag")
    asker, observer, secretary = people["asker"], people["observer"], people["secretary"]
    page(client, observer, meeting)  # cached before the share
    ask(client, asker, closed)
    question = ItemQuestion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, secretary, question, shared=True)
    # The e-mail names neither the closed item nor the answer: the link shows them.
    [message] = mail.outbox
    assert "lukket punkt" in message.subject
    assert "Personalesag" not in message.body
    assert ANSWER not in message.body
    # Members who read the closed item see the shared answer; the observer sees nothing.
    assert ANSWER in page(client, people["colleague"], meeting)
    observers = page(client, observer, meeting)
    assert QUESTION not in observers
    assert ANSWER not in observers
    # ... and every question URL of it answers 404.
    assert ask(client, observer, closed).status_code == 404
    assert answer(client, observer, question, "Mit svar").status_code == 404
    assert ItemQuestion.objects.count() == 1


def test_a_closed_item_narrowed_to_others_is_no_place_for_a_question(client, meeting, people):
    narrowed = AgendaItemFactory(
        meeting=meeting, confidential=True, restricted_to=[people["colleague"]]
    )
    assert ask(client, people["asker"], narrowed).status_code == 404
    assert not ItemQuestion.objects.exists()


def test_another_committees_secretariat_gets_404(client, meeting, people):
    item = AgendaItemFactory(meeting=meeting)
    ask(client, people["asker"], item)
    question = ItemQuestion.objects.get()
    other = member(CommitteeFactory(short_name="FP"), Role.SECRETARIAT)
    assert answer(client, other, question).status_code == 404
    assert ask(client, other, item).status_code == 404
    # A member answers nothing either.
    assert answer(client, people["colleague"], question).status_code == 404
    question.refresh_from_db()
    assert question.answer == ""
    assert not question.answered


def test_the_secretariat_does_not_ask_itself(client, meeting, people):
    item = AgendaItemFactory(meeting=meeting)
    assert ask(client, people["secretary"], item).status_code == 404
    assert "Send som spørgsmål til sekretariatet" not in page(client, people["secretary"], meeting)


def test_empty_and_too_long_questions_are_refused_in_danish(client, meeting, people):
    item = AgendaItemFactory(meeting=meeting)
    asker = people["asker"]

    empty = ask(client, asker, item, "   ")
    assert empty.status_code == 400
    assert "Skriv dit spørgsmål til sekretariatet, før du sender det." in empty.text

    long = ask(client, asker, item, "x" * 4001)
    assert long.status_code == 400
    assert "Spørgsmålet er for langt: 4.001 tegn. Det må højst have 4.000 tegn." in long.text
    assert "x" * 4001 in long.text  # the text stays in the form

    htmx = ask(client, asker, item, "", HX_Request="true")
    assert htmx.status_code == 200
    assert "<html" not in htmx.text
    assert "Skriv dit spørgsmål" in htmx.text
    assert not ItemQuestion.objects.exists()
    assert not AuditEntry.objects.filter(action="question_asked").exists()


def test_an_empty_or_too_long_answer_changes_nothing(
    client, meeting, people, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting)
    ask(client, people["asker"], item)
    question = ItemQuestion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        empty = answer(client, people["secretary"], question, " ", shared=True)
        long = answer(client, people["secretary"], question, "y" * 10_001)
    assert empty.status_code == 400
    assert "Skriv et svar, før du sender det." in empty.text
    assert long.status_code == 400
    assert "Svaret er for langt: 10.001 tegn. Det må højst have 10.000 tegn." in long.text
    question.refresh_from_db()
    assert (question.answer, question.answered_at, question.shared) == ("", None, False)
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="question_answered").exists()


def test_htmx_ask_returns_the_note_form_and_the_question_out_of_band(client, meeting, people):
    item = AgendaItemFactory(meeting=meeting)
    response = ask(client, people["asker"], item, HX_Request="true")
    assert response.status_code == 200
    assert "Dit spørgsmål er sendt til sekretariatet." in response.text
    assert f'id="my-questions-item-{item.pk}" hx-swap-oob="true"' in response.text
    assert QUESTION in response.text


def test_htmx_answer_returns_the_question_with_its_answer(client, meeting, people):
    item = AgendaItemFactory(meeting=meeting)
    ask(client, people["asker"], item)
    question = ItemQuestion.objects.get()
    response = answer(client, people["secretary"], question, HX_Request="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Svaret er sendt til spørgeren." in response.text


def test_the_edit_page_reads_the_questions_in_a_fixed_number_of_queries(
    client, meeting, people, django_assert_max_num_queries
):
    items = [AgendaItemFactory(meeting=meeting) for _ in range(3)]
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    client.force_login(people["secretary"])
    ask(client, people["asker"], items[0])
    client.force_login(people["secretary"])
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    baseline = len(few)
    for item in items:
        for _ in range(3):
            ask(client, people["colleague"], item)
    client.force_login(people["secretary"])
    with django_assert_max_num_queries(baseline):
        assert client.get(url).text.count("Send svar") == 10
