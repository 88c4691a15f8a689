"""The renderer manage.py readies while Django starts (meetings.documents.prestart)."""

import copy
import io
import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.documents import prestart, render
from meetings.documents.render import DocumentKind, document_html, html_to_pdf
from meetings.interchange.services import import_agenda
from meetings.models import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SEED = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text(encoding="utf-8"))
SECRETARIAT = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


def text(pdf: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def no_child():
    yield
    prestart.stop()


def test_the_readied_child_renders_the_same_tagged_pdf(no_child, monkeypatch):
    meeting = import_agenda(copy.deepcopy(SEED))
    html = document_html(meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    here = html_to_pdf(html)  # no child: rendered in this process

    prestart.start()

    def not_here(*args, **kwargs):
        raise AssertionError("rendered in the parent")

    monkeypatch.setattr(render, "html_document", not_here)
    there = html_to_pdf(html)

    assert there[:5] == b"%PDF-"
    assert text(there) == text(here)
    catalog = PdfReader(io.BytesIO(there)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged, as PDF/UA-1 wants
    assert catalog["/Lang"] == "da"
    assert prestart._child is None  # one document per child: the next renders here


def test_a_failing_child_leaves_the_render_to_the_command(no_child, monkeypatch):
    meeting = import_agenda(copy.deepcopy(SEED))
    html = document_html(meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    prestart.start()
    pid, _connection = prestart._child
    os.kill(pid, 9)  # gone before it was asked

    pdf = html_to_pdf(html)

    assert "Dagsorden" in text(pdf)


def test_a_stuck_child_is_killed_and_the_command_renders_itself(no_child, monkeypatch):
    import time

    meeting = import_agenda(copy.deepcopy(SEED))
    html = document_html(meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    monkeypatch.setattr(prestart, "_serve", lambda connection: time.sleep(600))
    monkeypatch.setattr(prestart, "TIMEOUT_SECONDS", 1)
    prestart.start()
    pid, _connection = prestart._child

    pdf = html_to_pdf(html)

    assert "Dagsorden" in text(pdf)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped: no zombie left
