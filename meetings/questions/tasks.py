"""Background work of the questions to the secretariat: the answer's e-mail to the asker."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from . import notices


# Name pinned: messages already queued keep working after a move.
@shared_task(name="meetings.questions.send_answer", ignore_result=True)
def send_question_answer(question_id: int, key: str) -> bool:
    """E-mail the asker that their question is answered."""
    return notices.send_answer(question_id, key)
