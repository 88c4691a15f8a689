"""The rich-text editor of an item's sections (Quill), in Debian's Chromium."""

import re

import pytest

from meetings.models import Role
from tests.factories import PASSWORD, AgendaItemFactory, MeetingFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What Word puts on the clipboard for a styled paragraph, a bulleted and a numbered list
# (paragraphs marked "mso-list", list types in a <style> block), a heading and a table.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><style><!-- @list l0:level1 {mso-level-number-format:bullet;}
@list l1:level1 {mso-level-tab-stop:none;} --></style></head><body>
<p class=MsoNormal><span style='font-family:Calibri;color:#C00000;font-size:14pt'>Det indstilles,
at styregruppen</span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><b
>godkender</b> planen</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span>tager
<i>orienteringen</i> til efterretning</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>første</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><span
style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>anden</p>
<h1 style='color:blue'>Overskrift fra Word</h1>
<table class=MsoTableGrid border=1><tr><td style='width:100pt'>A</td><td>B</td></tr></table>
</body></html>"""

PASTE = """(html) => {
  const target = document.querySelector('.ql-editor');
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', 'tekst');
  target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                    cancelable: true}));
}"""


def test_pasting_from_word_keeps_lists_and_drops_styling(page, live_server, console):
    meeting = MeetingFactory(draft=True)
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    member(meeting.committee, Role.SECRETARIAT, username="sofie")
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_login", "sofie")
    page.fill("#id_password", PASSWORD)
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/rediger/")
    card = page.locator(f"#item-{item.pk}")

    card.get_by_role("link", name="Baggrund", exact=True).click()
    card.locator(".ql-editor").click()
    page.evaluate(PASTE, WORD_HTML)
    card.get_by_role("button", name="Gem afsnit").click()
    card.locator(".editor-section .section-text li").first.wait_for()

    html = item.sections.get().html
    assert "<ul><li><strong>godkender</strong> planen</li>" in html
    assert "<li>tager <em>orienteringen</em> til efterretning</li></ul>" in html
    assert "<ol><li>første</li><li>anden</li></ol>" in html
    assert "<table><tbody><tr><td>A</td><td>B</td></tr></tbody></table>" in html
    assert "<p>Overskrift fra Word</p>" in html
    for styling in ("style", "class", "Calibri", "mso", "·", "font"):
        assert styling not in html
    # Nothing Word brought along reached the page as a style the CSP had to refuse.
    assert console.problems == [], console.messages


def test_toolbar_offers_only_what_the_sanitizer_keeps(page, live_server):
    meeting = MeetingFactory(draft=True)
    item = AgendaItemFactory(meeting=meeting)
    member(meeting.committee, Role.SECRETARIAT, username="sofie")
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_login", "sofie")
    page.fill("#id_password", PASSWORD)
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/rediger/")
    card = page.locator(f"#item-{item.pk}")
    card.get_by_role("link", name="Indstilling", exact=True).click()
    card.locator(".ql-editor").wait_for()
    toolbar = card.get_by_role("toolbar", name="Formatering")

    labels = [button.get_attribute("aria-label") for button in toolbar.get_by_role("button").all()]

    assert labels[:8] == [
        "Fed",
        "Kursiv",
        "Understreget",
        "Nummereret liste",
        "Punktopstilling",
        "Ryk ud",  # indenting is here and on Alt+Shift+arrow: Tab leaves the editor
        "Ryk ind",
        "Link",
    ]
    assert all(
        "Tabel" in label or "tabel" in label or "række" in label or "kolonne" in label
        for label in labels[8:]
    )
    # "Det indstilles, at styregruppen" is offered as the start of an Indstilling.
    assert card.locator(".ql-editor").inner_text().strip() == "Det indstilles, at styregruppen"
