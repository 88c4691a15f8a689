"""Fixtures of the follow-up action tests."""

from tests.meetings.procedures.conftest import clock

__all__ = ["clock"]
