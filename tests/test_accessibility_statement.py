"""The accessibility statement (webtilgængelighedsloven, issue 23): every page's footer links
"Tilgængelighedserklæring" to /was; /was leads to the statement made in the WAS-Tool when its
address is set, and otherwise shows the portal's own, to anyone, signed in or not."""

import runpy
import sys

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from meetings.models import Role
from tests.factories import CommitteeFactory, member

pytestmark = pytest.mark.django_db

FOOTER_LINK = '<a href="/was">Tilgængelighedserklæring</a>'
WAS_TOOL = "https://www.was.digst.dk/dap-portalen"


def test_every_page_links_the_statement_from_its_footer(client):
    assertContains(client.get(reverse("login")), FOOTER_LINK, html=True)
    client.force_login(member(CommitteeFactory(), Role.MEMBER))
    assertContains(client.get(reverse("meetings:meeting_list")), FOOTER_LINK, html=True)
    assertContains(client.get("/findes-ikke/"), FOOTER_LINK, html=True, status_code=404)


def test_without_the_was_tool_address_the_portal_states_what_it_meets(client, settings):
    settings.DAP_ACCESSIBILITY_STATEMENT_URL = ""
    settings.DAP_ACCESSIBILITY_CONTACT = "tilgaengelighed@dap.example"

    response = client.get("/was")  # not signed in

    assert response.status_code == 200
    assertContains(response, "<h1>Tilgængelighed i DAP-portalen</h1>", html=True)
    assertContains(response, "WCAG 2.1 niveau AA")
    assertContains(response, "PDF/UA-1")
    assertContains(response, "<strong>tilgaengelighed@dap.example</strong>", html=True)


def test_without_a_contact_the_statement_names_the_secretariat(client, settings):
    settings.DAP_ACCESSIBILITY_STATEMENT_URL = ""
    settings.DAP_ACCESSIBILITY_CONTACT = ""

    assertContains(client.get("/was"), "kontakt styregruppens sekretariat")


def test_with_the_was_tool_address_was_redirects_there(client, settings):
    settings.DAP_ACCESSIBILITY_STATEMENT_URL = WAS_TOOL

    assertRedirects(client.get("/was"), WAS_TOOL, fetch_redirect_response=False)
    assert client.post("/was").status_code == 405


def test_the_address_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    monkeypatch.setenv("DAP_ACCESSIBILITY_STATEMENT_URL", f" {WAS_TOOL} ")
    monkeypatch.delitem(sys.modules, "dap_portal.settings.signin", raising=False)
    monkeypatch.delitem(sys.modules, "dap_portal.settings.base", raising=False)

    settings = runpy.run_module("dap_portal.settings.base")
    assert settings["DAP_ACCESSIBILITY_STATEMENT_URL"] == WAS_TOOL
