"""What an outside checker met in the PDFs (issue 23, points 7-11): tags, artifacts, fonts."""

import copy
import hashlib
import io

import pytest
from pypdf import PdfReader

from meetings.documents.monitoring import monitoring_pdf
from meetings.documents.pack import build_pack
from meetings.documents.render import DocumentKind, render_document
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda
from meetings.management.demo import placeholder_pdf
from meetings.models import Bilag, Role
from tests.factories import member
from tests.meetings.documents.test_accessibility import findings, seed
from tests.meetings.documents.test_pack import SECRETARIAT, SEED

pytestmark = pytest.mark.django_db


def reading_tree(reader: PdfReader) -> tuple[set[tuple[int, int]], list]:
    """((page index, MCID) of all content in the structure tree, the elements in order)."""
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    content: set[tuple[int, int]] = set()
    elements: list = []

    def walk(node, page):
        node = node.get_object()
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        if node.get("/Type") == "/StructElem":
            elements.append(node)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                content.add((page, int(kid)))
                continue
            kid_object = kid.get_object()
            if kid_object.get("/Type") == "/MCR":
                content.add((pages[kid_object.raw_get("/Pg").idnum], int(kid_object["/MCID"])))
            elif kid_object.get("/Type") != "/OBJR":
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return content, elements


def marked_text(reader: PdfReader) -> dict[tuple[int, object], str]:
    """The text of each marked-content sequence: (page, MCID) or (page, 'Artifact')."""
    texts: dict[tuple[int, object], str] = {}
    for index, page in enumerate(reader.pages):
        stack: list[tuple[int, object]] = []

        def before(operator, operands, _cm, _tm, stack=stack, index=index):
            if operator == b"BDC":
                tag, properties = str(operands[0]), operands[1]
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                stack.append((index, "Artifact" if tag == "/Artifact" else mcid))
            elif operator == b"BMC":
                stack.append((index, "Artifact" if str(operands[0]) == "/Artifact" else None))
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(shown, *_args, stack=stack, index=index):
            if shown.strip():
                key = stack[-1] if stack else (index, "unmarked")
                texts[key] = texts.get(key, "") + shown

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def assert_header_and_numbers_are_artifacts(content: bytes, header: str) -> None:
    reader = PdfReader(io.BytesIO(content))
    in_tree, _elements = reading_tree(reader)
    texts = marked_text(reader)
    tagged = " ".join(text for key, text in texts.items() if key in in_tree)
    outside = {key: text for key, text in texts.items() if key[1] != "Artifact"}
    assert set(outside) <= in_tree, {k: v for k, v in outside.items() if k not in in_tree}
    artifacts = " ".join(text for key, text in texts.items() if key[1] == "Artifact")
    pages = len(reader.pages)
    assert "Side " not in tagged
    assert header not in tagged
    for number in range(1, pages + 1):
        assert f"Side {number} af {pages}" in artifacts
    assert artifacts.count(header) == pages - 1  # from page 2 on


# 7. The monitoring bilag and the demo's stand-in bilag are tagged PDF/UA-1.


def test_the_monitoring_bilag_is_tagged_pdf_ua(tmp_path):
    meeting = import_agenda(copy.deepcopy(SEED))
    bilag = Bilag.objects.get(item__meeting=meeting, generated="project_monitoring")
    content = monitoring_pdf(bilag, meeting, "9.1")

    assert findings(content, tmp_path / "monitorering.pdf") == []
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/Lang"] == "da"
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == "Bilag 9.1 Monitorering"


def test_the_demo_stand_in_bilag_is_tagged_pdf_ua(tmp_path):
    meeting = import_agenda(copy.deepcopy(SEED))
    content = placeholder_pdf(number="3.1", title="Kommissorium", meeting=meeting)

    assert findings(content, tmp_path / "demo.pdf") == []
    assert PdfReader(io.BytesIO(content)).metadata.title == "Bilag 3.1"


# 8. The running header and the page numbers are artifacts, outside the reading tree.


def test_header_and_page_numbers_are_artifacts_in_agenda_minutes_and_monitoring():
    meeting = import_agenda(copy.deepcopy(SEED))
    for kind, short in ((DocumentKind.DAGSORDEN, "Dagsorden"), (DocumentKind.REFERAT, "Referat")):
        content = render_document(meeting, SECRETARIAT, kind, use_cache=False).content
        assert_header_and_numbers_are_artifacts(content, f"{short} – DAP – 6. oktober 2025")
    bilag = Bilag.objects.get(item__meeting=meeting, generated="project_monitoring")
    reader = PdfReader(io.BytesIO(monitoring_pdf(bilag, meeting, "9.1")))
    in_tree, _elements = reading_tree(reader)
    texts = marked_text(reader)
    assert "Side 1 af" in " ".join(t for key, t in texts.items() if key[1] == "Artifact")
    assert "Side " not in " ".join(t for key, t in texts.items() if key in in_tree)


# 9 and 10. The pack: one program per subset tag; the generated bilag keeps its structure.


def font_programs(reader: PdfReader) -> dict[str, set[str]]:
    """Subset tag -> the hashes of the font programs embedded under it."""
    found: dict[str, set[str]] = {}

    def collect(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_data()
            tag = str(font["/BaseFont"])[1:7]
            found.setdefault(tag, set()).add(hashlib.sha256(program).hexdigest())
            assert str(descendant["/BaseFont"])[1:7] == tag
            assert str(descendant["/FontDescriptor"]["/FontName"])[1:7] == tag
        for xobject in (resources.get("/XObject") or {}).values():
            collect(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        collect(page.get("/Resources"))
    return found


def test_the_pack_gives_each_font_program_its_own_subset_tag_and_passes_pdfua(tmp_path):
    pack = build_pack(seed(), SECRETARIAT).content

    programs = font_programs(PdfReader(io.BytesIO(pack)))
    assert len(programs) > 4  # the agenda's four faces, the stamps' and the bilag's
    assert all(len(hashes) == 1 for hashes in programs.values()), programs
    assert findings(pack, tmp_path / "pack.pdf") == []


def test_the_monitoring_bilag_keeps_its_own_structure_in_the_pack():
    reader = PdfReader(io.BytesIO(build_pack(seed(), SECRETARIAT).content))
    in_tree, elements = reading_tree(reader)
    section = next(
        element
        for element in elements
        if element.get("/S") == "/Sect" and element.get("/T") == "Bilag 9.1 – Monitorering"
    )
    roles: list[str] = []

    def walk(node):
        for kid in node.get("/K") or []:
            if not isinstance(kid, int) and kid.get_object().get("/Type") == "/StructElem":
                roles.append(kid.get_object()["/S"])
                walk(kid.get_object())

    walk(section)
    assert "/Figure" not in roles  # not a picture of the table
    assert {"/H1", "/Table", "/TH", "/TD"} <= set(roles)
    # The table's text on the bilag's sheet is tagged content of that tree.
    texts = marked_text(reader)
    tagged = " ".join(text for key, text in texts.items() if key in in_tree)
    assert "Projektmonitorering" in tagged
    assert "Omfang" in tagged
    header_ids = {str(e["/ID"]) for e in elements if "/ID" in e}
    assert len(header_ids) == sum(1 for e in elements if "/ID" in e)  # IDs unique in the pack


# 11. What the PDFs say.


def test_minutes_leave_the_decision_out_of_items_that_take_none():
    meeting = import_agenda(copy.deepcopy(SEED))
    content = render_document(meeting, SECRETARIAT, DocumentKind.REFERAT, use_cache=False).content
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )

    def body(heading: str) -> int:  # the item in the body, after its line in the list
        return text.index(heading, text.index(heading) + 1)

    meddelelser = text[body("1. Meddelelser") : body("2. Kronikerpakker")]
    eventuelt = text[body("10. Eventuelt") :]
    for kindless in (meddelelser, eventuelt):
        assert "Beslutning" not in kindless
        assert "Ingen beslutning" not in kindless
    kronikerpakker = text[body("2. Kronikerpakker (O)") : body("3. Revideret")]
    assert "Ingen beslutning registreret." in kronikerpakker  # an O item still awaits one


def test_the_agenda_prints_no_clock_time_past_the_meeting_end_and_says_why():
    meeting = import_agenda(copy.deepcopy(SEED))  # 13.00-15.00, items of 135 min.
    content = render_document(meeting, SECRETARIAT, DocumentKind.DAGSORDEN, use_cache=False)
    first = " ".join((PdfReader(io.BytesIO(content.content)).pages[0].extract_text()).split())
    assert "14.45 8. Status for budget 2025" in first
    assert "15.00 9." not in first
    assert "15.10" not in first
    assert "9. Status på øvrige projekter" in first
    assert "Punkterne varer i alt 15 min. længere end mødet, som slutter kl. 15.00." in first


def test_the_monitoring_status_line_stands_with_the_figures_not_alone():
    meeting = import_agenda(copy.deepcopy(SEED))
    meeting = meeting_publish(meeting=meeting, actor=member(meeting.committee, Role.SECRETARIAT))
    bilag = Bilag.objects.get(item__meeting=meeting, generated="project_monitoring")
    reader = PdfReader(io.BytesIO(monitoring_pdf(bilag, meeting, "9.1")))
    first = " ".join((reader.pages[0].extract_text() or "").split())
    # Above the table it dates: never left alone on a page after it.
    assert "Status pr. " in first
    assert first.index("Status pr. ") < first.index("Projektmonitorering")
