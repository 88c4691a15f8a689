"""Fixtures of the reminder tests: a committee with its people, and a clock the test sets."""

import pytest
from django.utils import timezone

from tests.factories import CommitteeFactory

from .helpers import Clock, people


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def crew(dap):
    return people(dap)
