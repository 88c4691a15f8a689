"""Fixtures of the meeting tests: a committee, its secretariat, a draft meeting."""

import pytest

from meetings.models import Role
from tests.factories import CommitteeFactory, MeetingFactory, member


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def secretary(dap):
    return member(dap, Role.SECRETARIAT, username="sekretaer", first_name="Sofie", last_name="L")


@pytest.fixture
def meeting(dap):
    return MeetingFactory(committee=dap, draft=True)


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client
