"""The editor's HTML as the Nu Html Checker wants it (issue 23, point 5): no form inside a
span (54 of them on a full agenda), and move buttons whose names say which section of which
item they move. The whole-site check with vnu itself is tests/browser/test_html_validity.py."""

from html.parser import HTMLParser

import pytest

from tests.factories import AgendaItemFactory, BilagFactory, ItemSectionFactory
from tests.meetings.editing import HTMX, url

pytestmark = pytest.mark.django_db


class FormsInSpans(HTMLParser):
    """Counts the forms that open while a span is open."""

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "form" and "span" in self.open:
            self.found += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            index = len(self.open) - 1 - self.open[::-1].index(tag)
            del self.open[index:]


def forms_in_spans(html: str) -> int:
    parser = FormsInSpans()
    parser.feed(html)
    return parser.found


def test_no_form_sits_inside_a_span(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    ItemSectionFactory(item=item, heading="Løsning")
    BilagFactory(item=item, with_file=True, title="Analyse")
    BilagFactory(item=item, with_file=True, title="Tidsplan")

    page = as_secretary.get(url("meeting_edit", meeting.pk)).text
    assert page.count("<form") > 5
    assert forms_in_spans(page) == 0
    sections = as_secretary.get(url("section_new", item.pk) + "?luk=1", **HTMX).text
    assert "editor-move" in sections
    assert forms_in_spans(sections) == 0


def test_section_move_buttons_name_the_item(as_secretary, meeting):
    first = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    second = AgendaItemFactory(meeting=meeting, title="Intelligent indbakke")
    one = ItemSectionFactory(item=first, heading="Løsning")
    ItemSectionFactory(item=second, heading="Løsning")

    page = as_secretary.get(url("meeting_edit", meeting.pk)).text
    for title in ("Kronikerpakker", "Intelligent indbakke"):
        assert f'aria-label="Flyt Løsning i »{title}« op"' in page
        assert f'aria-label="Flyt Løsning i »{title}« ned"' in page
    # The same names when one section comes back alone after an edit is cancelled.
    alone = as_secretary.get(url("section_show", one.pk), **HTMX).text
    assert 'aria-label="Flyt Løsning i »Kronikerpakker« op"' in alone
