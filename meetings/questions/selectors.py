"""Reads of the questions to the secretariat, one query each whatever the number of rows.

Who may read which is `meetings.access` (`answerable_questions`, `own_questions`); the
shared answers are read for the items a cached page's access level shows (`item_ids`)."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .. import access
from ..models import ItemQuestion, Meeting


class ItemQuestions(list[ItemQuestion]):
    """An item's questions, in the order they were asked (or answered, when shared)."""

    @property
    def waiting(self) -> int:
        """How many have no answer yet."""
        return sum(not question.answered for question in self)


def _by_item(questions: Iterable[ItemQuestion]) -> dict[int, ItemQuestions]:
    found: dict[int, ItemQuestions] = defaultdict(ItemQuestions)
    for question in questions:
        found[question.item_id].append(question)
    return dict(found)


def meeting_questions(
    user: AbstractBaseUser | AnonymousUser, meeting: Meeting
) -> dict[int, ItemQuestions]:
    """Every question of the meeting per item, for its secretariat (none for anyone else)."""
    return _by_item(
        access.answerable_questions(user)
        .filter(item__meeting=meeting)
        .select_related("asker", "answered_by")
        .order_by("asked_at", "pk")
    )


def shared_questions(item_ids: Iterable[int]) -> dict[int, ItemQuestions]:
    """The shared questions and answers of these items (those a page's viewers may read)."""
    return _by_item(
        ItemQuestion.objects.filter(item_id__in=list(item_ids), shared=True).order_by(
            "answered_at", "pk"
        )
    )


def my_questions(
    user: AbstractBaseUser | AnonymousUser, item_ids: Iterable[int]
) -> dict[int, ItemQuestions]:
    """The user's own questions on these items that are not shared (the shared ones are on
    the page for everyone)."""
    return _by_item(
        access.own_questions(user)
        .filter(item_id__in=list(item_ids), shared=False)
        .order_by("asked_at", "pk")
    )
