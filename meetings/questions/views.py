"""Questions to the secretariat: a member asks on an item (from the note form), the
secretariat answers on the meeting's edit page. Thin views: the item is looked up through
`meetings.access` (who may ask), the question through `access.answerable_questions` (the
committee's secretariat); anything else answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import access
from ..models import AgendaItem, PrivateNote
from . import services
from .forms import AnswerForm, AskForm
from .selectors import my_questions

NOTE_FORM = "meetings/member/_note_form.html"
EDITOR_QUESTION = "meetings/questions/_editor_question.html"


@require_POST
def question_ask(request: HttpRequest, item_id: int) -> HttpResponse:
    """Send the text of the note form as a question on the item ("Send som spørgsmål til
    sekretariatet"); htmx gets the note form again and the user's questions out of band."""
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=access.visible_meetings(request.user))
        .select_related("meeting")
        .prefetch_related("restricted_to"),
        pk=item_id,
    )
    if not access.may_ask_question(access.Viewer.of(request.user, item.meeting), item):
        raise Http404
    form = AskForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text", "")
    note = PrivateNote.objects.filter(user=request.user, item=item).first()
    target = {
        "url": reverse("meetings:note_item", args=[item.pk]),
        "back": reverse("meetings:meeting_detail", args=[item.meeting_id]),
        "kind": "item",
        "pk": item.pk,
        "note": note,
        "may_ask": True,
    }
    try:
        question = services.question_ask(item=item, actor=request.user, text=text)
    except ValidationError as error:
        context = {**target, "unsaved_text": text, "note_error": " ".join(error.messages)}
        if request.htmx:
            return render(request, NOTE_FORM, context)
        return render(request, "meetings/questions/question_refused.html", context, status=400)
    if not request.htmx:
        messages.success(request, "Dit spørgsmål er sendt til sekretariatet.")
        return redirect(f"{target['back']}#spoergsmaal-{question.pk}")
    mine = my_questions(request.user, [item.pk]).get(item.pk, [])
    html = render_to_string(NOTE_FORM, {**target, "question_sent": True}, request=request)
    html += render_to_string(
        "meetings/questions/_my_questions.html",
        {"pk": item.pk, "questions": mine, "oob": True},
        request=request,
    )
    return HttpResponse(html)


@require_POST
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    """The secretariat answers a question (or corrects the answer), and chooses whether to
    share it with everyone ("Del svaret med alle")."""
    question = get_object_or_404(
        access.answerable_questions(request.user).select_related(
            "item__meeting", "asker", "answered_by"
        ),
        pk=question_id,
    )
    form = AnswerForm(request.POST)
    form.is_valid()
    answer = form.cleaned_data.get("answer", "")
    shared = form.cleaned_data.get("shared", False)
    try:
        question = services.question_answer(
            question=question, actor=request.user, answer=answer, shared=shared
        )
    except ValidationError as error:
        context = {
            "question": question,
            "answer_error": " ".join(error.messages),
            "unsaved_answer": answer,
            "unsaved_shared": shared,
        }
        if request.htmx:
            return render(request, EDITOR_QUESTION, context)
        return render(request, "meetings/questions/answer_refused.html", context, status=400)
    if request.htmx:
        return render(request, EDITOR_QUESTION, {"question": question, "saved": True})
    messages.success(
        request,
        "Svaret er sendt til spørgeren"
        + (" og delt med alle, der kan læse punktet." if question.shared else "."),
    )
    edit = reverse("meetings:meeting_edit", args=[question.item.meeting_id])
    return redirect(f"{edit}#spoergsmaal-{question.pk}")
