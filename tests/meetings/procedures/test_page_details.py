"""What the procedure page and the follow-up form draw (issue 23, point 15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingStatus
from meetings.procedures import closing, services
from tests.factories import AgendaItemFactory, MeetingFactory

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def test_send_ud_til_medlemmerne_asks_first(client, dap, secretary):
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Mini PID",
        deadline=timezone.now() + dt.timedelta(days=5),
        rule="majority",
        sections={"Indstilling": "<p>Det indstilles.</p>"},
    )
    client.force_login(secretary)
    page = client.get(reverse("meetings:procedure_detail", args=[draft.pk])).content.decode()
    button = page.split("Send ud til medlemmerne</button>")[0].rsplit("<button", 1)[1]
    assert "data-confirm=" in button


def test_no_empty_opfoelgning_heading_on_a_procedure_closed_at_its_deadline(
    client, dap, secretary, clock
):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary)
    clock.move(days=6)
    closing.scan()
    client.force_login(anna)
    page = client.get(reverse("meetings:procedure_detail", args=[sent.pk])).content.decode()
    assert "Opfølgning" not in page


def test_the_til_naeste_moede_checkbox_is_drawn_by_dkfds(client, dap, secretary):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=meeting, kind="B", decision_outcome="approved")
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_minutes", args=[meeting.pk])).content.decode()
    # DKFDS draws the box as label:before, placed inside a `.form-group-checkbox`.
    assert (
        f'<div class="form-group-checkbox"><input class="form-checkbox" type="checkbox" '
        f'id="opf-{item.pk}-next"' in page
    )
