"""Meetings kept on the member's device for reading offline (issue 16)."""
