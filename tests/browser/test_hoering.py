"""The høring page in Chromium: a member comments on an item, the secretariat sees it, and
axe reports no violation at 390 and 1366 px for the secretariat, the chair and a member."""

import pytest

from meetings.hoering import services
from meetings.minutes.services import meeting_mark_held
from meetings.models import MeetingStatus, MinutesComment
from tests.browser.test_accessibility import WIDTHS, demo, log_in, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hoering_page_comment_and_axe(live_server, browser, demo):  # noqa: F811
    from django.contrib.auth import get_user_model

    secretary = get_user_model().objects.get(username="sekretariat")
    if demo.status == MeetingStatus.PUBLISHED:
        meeting_mark_held(meeting=demo, actor=secretary)
    demo.attendance.all().delete()  # the participants: the committee's chair and members
    services.hoering_send(meeting=demo, actor=secretary)
    url = f"{live_server.url}/moeder/{demo.pk}/referat/hoering/"

    found = {}
    for role in ("medlem", "formand", "sekretariat"):
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            log_in(page, live_server.url, role)
            assert page.goto(url).status == 200
            if role == "medlem" and width == WIDTHS[0]:
                form = page.locator("section.hoering-item").first
                form.get_by_label("Bemærkning til referatet").fill("Tilføj drøftelsen.")
                form.get_by_role("button", name="Send bemærkning").click()
                page.get_by_text("Din bemærkning er sendt").wait_for()
            found[f"{role} {width}"] = violations(page)
            if role == "sekretariat":
                assert page.get_by_text("Tilføj drøftelsen.").count() == 1
            context.close()
    assert MinutesComment.objects.count() == 1
    assert found == {key: [] for key in found}
