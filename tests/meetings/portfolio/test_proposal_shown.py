"""A B item's budget proposal is read with the item: on the meeting page and in the agenda PDF,
for those who may see the item."""

import pytest
from django.urls import reverse

from meetings.access import Viewer
from meetings.documents.render import DocumentKind, document_html
from meetings.models import AgendaItem, Role
from tests.budgets.helpers import PROGRAMLEDELSE, import_seed, row_text
from tests.budgets.helpers import text_of as page_text
from tests.factories import member

from .test_budget_proposals import COCKPIT, MEETING_DAY, decide, item_3, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """The seed meeting, published: members and observers read it."""
    return import_seed(published=True)


def meeting_page(client, meeting, role):
    client.force_login(member(meeting.committee, role))
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response


def test_members_read_the_proposals_lines_with_the_item(client, meeting):
    propose(meeting)
    response = meeting_page(client, meeting, Role.MEMBER)
    text = page_text(response)
    assert "Budgetforslag: revision af budget for" in text
    # Latest budget, proposed, change; the line the proposal leaves alone has no change.
    assert row_text(response, f"{PROGRAMLEDELSE} 1.850.000 kr.") == (
        f"{PROGRAMLEDELSE} 1.850.000 kr. 1.750.000 kr. -100.000 kr."
    )
    assert row_text(response, f"{COCKPIT} 888.000 kr.").startswith(
        f"{COCKPIT} 888.000 kr. 988.000 kr. 100.000 kr."
    )
    assert row_text(response, "Udisponerede midler").startswith(
        "Udisponerede midler 170.000 kr. 170.000 kr."
    )
    assert "Begrundelse: Flyt midler" in text
    assert "Godkendes forslaget, bliver det en ny revision af budgettet dateret mødedagen." in text
    # With the item: after its heading, before the next item's.
    body = response.text
    third, fourth = body.index('id="punkt-3"'), body.index('id="punkt-4"')
    assert third < body.index("Budgetforslag: revision") < fourth


def test_an_approved_proposal_still_reads_as_it_was_decided(client, meeting):
    propose(meeting)
    decide(meeting, "approved")
    response = meeting_page(client, meeting, Role.MEMBER)
    assert row_text(response, f"{PROGRAMLEDELSE} 1.850.000 kr.") == (
        f"{PROGRAMLEDELSE} 1.850.000 kr. 1.750.000 kr. -100.000 kr."
    )
    assert "Forslaget er godkendt og er budgettets revision 6. oktober 2025." in page_text(response)
    assert MEETING_DAY.year == 2025


def test_a_closed_items_proposal_is_not_shown_to_those_who_may_not_see_the_item(client, meeting):
    propose(meeting)
    AgendaItem.objects.filter(pk=item_3(meeting).pk).update(confidential=True)
    observer = page_text(meeting_page(client, meeting, Role.OBSERVER))
    assert "Budgetforslag" not in observer
    assert "1.750.000" not in observer
    assert "Flyt midler" not in observer
    assert "Budgetforslag: revision" in page_text(meeting_page(client, meeting, Role.MEMBER))


def test_the_agenda_pdf_shows_the_proposal_with_the_item_as_the_page_does(meeting):
    propose(meeting)
    user = member(meeting.committee, Role.MEMBER)
    html = document_html(meeting, Viewer.of(user, meeting), DocumentKind.DAGSORDEN)
    assert "Budgetforslag: revision af budget for" in html
    assert html.index('id="punkt-3"') < html.index("Flyt midler") < html.index('id="punkt-4"')
    AgendaItem.objects.filter(pk=item_3(meeting).pk).update(confidential=True)
    observer = member(meeting.committee, Role.OBSERVER)
    closed = document_html(meeting, Viewer.of(observer, meeting), DocumentKind.DAGSORDEN)
    assert "Flyt midler" not in closed
