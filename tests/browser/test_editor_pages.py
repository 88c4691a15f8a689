"""The secretariat's forms in a real browser: a form opened as its own page saves, and a
decision or a refusal shows where the user is working (issue 11, points 6 and 10)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, ItemSection, MeetingStatus, Role
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user) -> None:
    """The browser carries a session of `user` (the sign-in page has tests of its own)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_a_new_section_opened_in_its_own_tab_is_saved(page, live_server, console):
    dap = CommitteeFactory()
    secretary = member(dap, Role.SECRETARIAT)
    soon = timezone.localdate() + dt.timedelta(30)
    meeting = MeetingFactory(committee=dap, draft=True, date=soon)
    item = AgendaItemFactory(meeting=meeting, title="Tidsplan for udrulning")
    signed_in(page, live_server, secretary)

    page.goto(f"{live_server.url}/moeder/punkt/{item.pk}/afsnit/nyt/?overskrift=Indstilling")
    editor = page.locator(".ql-editor")
    expect(editor).to_contain_text("Det indstilles, at styregruppen")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" godkender tidsplanen.")
    page.get_by_role("button", name="Gem afsnit").click()

    page.wait_for_url(f"**/moeder/{meeting.pk}/rediger/**")
    expect(page.get_by_text("Afsnittet er gemt.")).to_be_visible()
    expect(page.locator(f"#item-{item.pk}-sections")).to_contain_text("godkender tidsplanen.")
    assert "godkender tidsplanen." in ItemSection.objects.get(item=item).html
    assert console.problems == []


def test_a_one_click_decision_shows_once_and_a_refusal_shows_beside_the_form(page, live_server):
    dap = CommitteeFactory()
    secretary = member(dap, Role.SECRETARIAT)
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.PUBLISHED)
    noted = AgendaItemFactory(meeting=meeting, kind="O", title="Status på projekterne")
    doomed = AgendaItemFactory(meeting=meeting, kind="B", title="Et punkt der bliver slettet")
    for position in range(8):  # a long page, so the top of it is far from the forms below
        AgendaItemFactory(meeting=meeting, title=f"Punkt {position}")
    signed_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/referat/")

    article = page.locator(f"#beslutning-{noted.pk}")
    article.get_by_role("button", name="Taget til efterretning").click()
    expect(article.locator(".decision-current")).to_have_count(1)
    expect(article.get_by_role("button", name="Taget til efterretning")).to_have_count(0)
    decision = article.locator(".minutes-beslutning").inner_text()
    assert decision.count("Taget til efterretning") == 1

    AgendaItem.objects.filter(pk=doomed.pk).delete()  # someone else deletes the item
    other = page.locator(f"#beslutning-{doomed.pk}")
    other.get_by_text("Skriv beslutningen").click()
    other.get_by_role("button", name="Gem beslutning").click()

    message = other.locator(".request-message")
    expect(message).to_contain_text("findes ikke længere")
    expect(message).to_be_in_viewport()
