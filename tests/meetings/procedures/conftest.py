"""Fixtures of the written procedure tests: a clock the test moves."""

import datetime as dt

import pytest
from django.utils import timezone


class Clock:
    """The time as the portal sees it (django.utils.timezone.now), set by the test."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def set(self, value: dt.datetime) -> None:
        self.now = value

    def move(self, **delta: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake
