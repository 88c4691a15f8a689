"""The meeting pack ('Dagsorden med bilag'): the agenda followed by every bilag as one PDF.

Bilag that are PDFs go in as they are, Office files through their PDF rendition (LibreOffice),
images as a page each. Every bilag page is scaled just enough to leave room for a header band
stamped `Bilag 3.1 – <title>` and a footer with the page number of the whole pack, so the
stamp never covers the bilag's own content. The outline runs item → bilag, and each bilag
line of the agenda links to the bilag's first page. Bilag that cannot be included are listed
at the end of the agenda, with the reason.
"""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdf
import weasyprint
from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, NameObject, TextStringObject

from dap_portal import danish

from .. import files
from ..access import Viewer
from ..agenda import Agenda, AgendaLine, BilagLine, agenda_for
from ..bilag.conversion import (
    NOT_INSTALLED,
    ConversionError,
    convert_to_pdf,
    failed_before,
    needs_conversion,
)
from ..bilag.renditions import bilag_record_rendition_error, bilag_store_rendition
from ..models import Bilag, Meeting
from .accessible import PackTagger, safe_links
from .fetcher import RESOURCE_SCHEME
from .fonts import unique_subset_tags
from .monitoring import monitoring_fingerprint, monitoring_pdf
from .placing import Stamps, append_stamps, place_on_sheet
from .render import (
    PDF_VARIANT,
    PRINT_CSS,
    DocumentKind,
    document_html,
    document_title,
    html_document,
)
from .tagging import finish_tagged_pdf

BAND_TOP = 34.0  # points reserved at the top of a bilag page for the stamp
BAND_BOTTOM = 26.0  # and at the bottom for the page number
CSS_PX_TO_PT = 0.75

type Progress = Callable[[int], None]


@dataclass
class IncludedBilag:
    line: AgendaLine
    entry: BilagLine
    pages: list[PageObject]  # upright: a page's /Rotate is already turned into its content
    first_page: int = 0  # index in the pack, set while assembling
    # A bilag the portal rendered itself as tagged PDF/UA-1 (the monitoring table): its pages
    # keep their marked content and its structure tree comes along instead of a figure.
    tagged: PdfReader | None = None


@dataclass
class PackSources:
    included: list[IncludedBilag] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class BuiltPack:
    content: bytes
    page_count: int
    skipped: list[dict[str, str]]


def pack_filename(meeting: Meeting) -> str:
    """`Dagsorden-med-bilag-til-styregruppemøde-i-DAP-den-6.-oktober-2025.pdf`."""
    date = danish.date_long(meeting.date).replace(" ", "-")
    short = meeting.committee.short_name
    return f"Dagsorden-med-bilag-til-styregruppemøde-i-{short}-den-{date}.pdf"


def visibility_key(agenda: Agenda) -> str:
    """What a viewer sees of the agenda, as a short key: viewers who share it share a pack."""
    seen = [
        f"{line.item.pk}:" + ",".join(str(entry.bilag.pk) for entry in line.bilag if entry.visible)
        for line in agenda.lines
        if line.visible
    ]
    return hashlib.sha256(";".join(seen).encode()).hexdigest()[:32]


def source_hash(meeting: Meeting, viewer: Viewer) -> tuple[str, str]:
    """(visibility key, hash of everything that goes into this viewer's pack)."""
    agenda = agenda_for(meeting, viewer)
    html = document_html(meeting, viewer, DocumentKind.DAGSORDEN, agenda=agenda)
    digest = hashlib.sha256(html.encode())
    for line in agenda.lines:
        for entry in line.bilag:
            bilag = entry.bilag
            digest.update(
                f"|{bilag.pk}:{entry.visible}:{bilag.sha256}:{bilag.pdf_rendition.name}".encode()
            )
            if bilag.generated and entry.visible:
                digest.update(monitoring_fingerprint(bilag, meeting).encode())
    return visibility_key(agenda), digest.hexdigest()


def bilag_heading(entry: BilagLine) -> str:
    """A bilag's line in the pack's outline and its stamp: `Bilag 3.1 – <title>`."""
    return f"Bilag {entry.number} – {entry.bilag.title}"


def sheet_placement(box: tuple[float, float, float, float], width: float, height: float):
    """How an upright bilag page with media box `box` is placed on its `width`×`height`
    sheet: scaled just enough to leave the bands free, centred."""
    scale = (height - BAND_TOP - BAND_BOTTOM) / height
    return (
        Transformation()
        .translate(-box[0], -box[1])
        .scale(scale)
        .translate(width * (1 - scale) / 2, BAND_BOTTOM)
    )


def upright_transformation(box: tuple[float, float, float, float], rotation: int):
    """The matrix `_upright_pages` applies to a page turned by /Rotate (pypdf's
    transfer_rotation_to_content), and the page's box after it."""
    left, bottom, right, top = box
    turn = Transformation().translate(-(left + right) / 2, -(bottom + top) / 2).rotate(-rotation)
    x1, y1 = turn.apply_on((left, bottom))
    x2, y2 = turn.apply_on((right, top))
    turn = turn.translate(-min(x1, x2), -min(y1, y2))
    corners = [turn.apply_on(point) for point in ((left, bottom), (right, top))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return turn, (min(xs), min(ys), max(xs), max(ys))


def _skip(entry: BilagLine, reason: str) -> dict[str, str]:
    return {"number": entry.number, "title": entry.bilag.title, "reason": reason}


def _image_page(data: bytes, kind: files.FileKind, title: str) -> bytes:
    url = f"{RESOURCE_SCHEME}:bilag-image"
    html = render_to_string(
        "meetings/documents/image_page.html",
        {"src": url, "title": title, "print_css": PRINT_CSS},
    )
    return html_document(html, resources={url: (data, kind.content_type)}).write_pdf()


def _rendition(bilag: Bilag, data: bytes) -> bytes:
    """The bilag's PDF rendition, converting (and keeping) it now if it has none yet."""
    if bilag.pdf_rendition:
        with bilag.pdf_rendition.open("rb") as stored:
            return stored.read()
    if failed_before(bilag.rendition_error):
        # This very file failed before (a new file resets the error): not on every build.
        raise ConversionError(bilag.rendition_error)
    try:
        content = convert_to_pdf(data)
    except ConversionError as error:
        if str(error) != NOT_INSTALLED:
            bilag_record_rendition_error(bilag=bilag, reason=str(error))
        raise
    bilag_store_rendition(bilag=bilag, content=content)
    return content


def _upright_pages(reader: PdfReader) -> list[PageObject]:
    """The reader's pages with any /Rotate applied to their content (pypdf needs a writer to
    do that: only a bilag with a turned page is copied for it)."""
    pages = list(reader.pages)
    if not any(page.rotation for page in pages):
        return pages
    copy = PdfWriter(clone_from=reader)
    for page in copy.pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    return list(copy.pages)


def collect_sources(agenda: Agenda) -> PackSources:
    """Every bilag the viewer may see, as a PDF, or the reason it cannot be included."""
    sources = PackSources()
    for line in agenda.lines:
        if not line.visible:
            continue
        for entry in line.bilag:
            bilag = entry.bilag
            if not entry.visible:
                sources.skipped.append(_skip(entry, "lukket bilag, som du ikke har adgang til"))
                continue
            if bilag.generated:
                # Rendered from the figures the meeting shows (frozen once published).
                pdf = monitoring_pdf(bilag, agenda.meeting, entry.number, in_pack=True)
                reader = PdfReader(io.BytesIO(pdf))
                sources.included.append(
                    IncludedBilag(line=line, entry=entry, pages=list(reader.pages), tagged=reader)
                )
                continue
            if not bilag.has_file:
                sources.skipped.append(_skip(entry, "der er ikke uploadet en fil"))
                continue
            try:
                with bilag.file.open("rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                sources.skipped.append(_skip(entry, "filen mangler på serveren"))
                continue
            kind = files.sniff_bytes(data)
            try:
                if kind == files.PDF:
                    pdf = data
                elif needs_conversion(kind):
                    pdf = _rendition(bilag, data)
                elif kind in (files.PNG, files.JPEG, files.GIF):
                    pdf = _image_page(data, kind, entry.label)
                else:
                    sources.skipped.append(_skip(entry, "filtypen kan ikke vises som PDF"))
                    continue
                reader = PdfReader(io.BytesIO(pdf))
                if reader.is_encrypted and not reader.decrypt(""):
                    sources.skipped.append(_skip(entry, "PDF'en er beskyttet med adgangskode"))
                    continue
                if not reader.pages:
                    sources.skipped.append(_skip(entry, "PDF'en har ingen sider"))
                    continue
            except ConversionError as error:
                sources.skipped.append(_skip(entry, str(error).rstrip(".")))
                continue
            except (PdfReadError, ValueError, OSError):
                sources.skipped.append(_skip(entry, "PDF'en er beskadiget og kan ikke læses"))
                continue
            sources.included.append(
                IncludedBilag(line=line, entry=entry, pages=_upright_pages(reader))
            )
    return sources


def build_pack(meeting: Meeting, viewer: Viewer, *, progress: Progress | None = None) -> BuiltPack:
    """The meeting pack as this viewer may see it: tagged PDF/UA-1 like the agenda."""
    report = progress or (lambda _percent: None)
    agenda = agenda_for(meeting, viewer)
    report(5)
    sources = collect_sources(agenda)
    report(40)
    html = document_html(
        meeting,
        viewer,
        DocumentKind.DAGSORDEN,
        agenda=agenda,
        pack_skipped=sources.skipped,
        pack_linked=frozenset(source.entry.anchor for source in sources.included),
    )
    rendered = html_document(html).render(pdf_variant=PDF_VARIANT)
    anchors: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
    for index, page in enumerate(rendered.pages):
        for name, position in page.anchors.items():
            anchors.setdefault(name, (index, position))  # where it starts, if it spans pages
    agenda_pdf = rendered.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tagged_pdf)
    # The agenda with its structure tree, language, outline targets and tagged links.
    writer = PdfWriter(clone_from=io.BytesIO(agenda_pdf))
    writer.pdf_header = "%PDF-1.7"  # PDF/UA-1 is built on PDF 1.7 (ISO 32000-1)
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]  # the pack's outline runs item -> bilag instead
    agenda_pages = len(writer.pages)
    report(60)

    # Every sheet's size and band: the agenda's own pages, then each bilag page.
    sheets: list[tuple[float, float, tuple[str, float, float] | None]] = [
        (float(page.mediabox.width), float(page.mediabox.height), None) for page in writer.pages
    ]
    for source in sources.included:
        source.first_page = len(sheets)
        stamp = bilag_heading(source.entry)
        for page in source.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            sheets.append((width, height, (stamp, width, height)))
    stamps = Stamps(
        writer,
        (band for _width, _height, band in sheets if band is not None),
        len(sheets),
        band_top=BAND_TOP,
        band_bottom=BAND_BOTTOM,
    )
    report(75)

    for index in range(agenda_pages):
        page = writer.pages[index]
        append_stamps(writer, page, stamps.draw(page, sheets[index][0], index + 1, None))
    tagger = PackTagger(writer)
    for source in sources.included:
        label = bilag_heading(source.entry)
        section = tagger.section(label)
        adopted: dict[int, PageObject] = {}
        for offset, page in enumerate(source.pages):
            number = source.first_page + offset
            width, height, band = sheets[number]
            scale = (height - BAND_TOP - BAND_BOTTOM) / height
            box = page.mediabox
            placed = sheet_placement(
                (float(box.left), float(box.bottom), float(box.right), float(box.top)),
                width,
                height,
            )
            links = safe_links(page)  # and no other annotation of the bilag comes along
            tagged = source.tagged is not None
            sheet = place_on_sheet(writer, page, placed, width, height, keep_tags=tagged)
            left = width * (1 - scale) / 2
            right, top = left + width * scale, BAND_BOTTOM + height * scale
            if tagged:
                adopted[page.indirect_reference.idnum] = sheet
            else:
                tagger.figure(
                    section, sheet, f"{label}, side {offset + 1}", [left, BAND_BOTTOM, right, top]
                )
            for rect, uri in links:
                x1, y1 = placed.apply_on((rect[0], rect[1]))
                x2, y2 = placed.apply_on((rect[2], rect[3]))
                tagger.link(section, sheet, [x1, y1, x2, y2], uri, label)
            append_stamps(writer, sheet, stamps.draw(sheet, width, number + 1, band))
        if source.tagged is not None:
            tagger.adopt(section, source.tagged, adopted, prefix=f"bilag-{source.entry.number}-")
    report(90)

    unique_subset_tags(writer)  # the agenda, stamps and generated bilag embed Plex subsets
    _outline(writer, agenda, anchors, sources)
    _link_bilag_lines(writer, agenda_pages, sources)
    tagger.set_metadata(
        title=f"{document_title(meeting, DocumentKind.DAGSORDEN)} med bilag",
        author=meeting.committee.secretariat or meeting.committee.name,
        producer=f"DAP-portalen (WeasyPrint {weasyprint.__version__}, pypdf {pypdf.__version__})",
    )
    output = io.BytesIO()
    writer.write(output)
    report(100)
    return BuiltPack(output.getvalue(), len(sheets), sources.skipped)


def _outline(
    writer: PdfWriter,
    agenda: Agenda,
    anchors: dict[str, tuple[int, tuple[float, float, float, float]]],
    sources: PackSources,
) -> None:
    """Bookmarks: the agenda, then each item with its bilag under it."""
    writer.add_outline_item(title="Dagsorden", page_number=0)
    by_item: dict[int, list[IncludedBilag]] = {}
    for source in sources.included:
        by_item.setdefault(source.line.number, []).append(source)
    for line in agenda.lines:
        page = anchors.get(line.anchor, (0, (0, 0, 0, 0)))[0]
        parent = writer.add_outline_item(title=line.heading, page_number=page)
        for source in by_item.get(line.number, []):
            writer.add_outline_item(
                title=bilag_heading(source.entry),
                page_number=source.first_page,
                parent=parent,
            )


def _link_bilag_lines(writer: PdfWriter, agenda_pages: int, sources: PackSources) -> None:
    """The agenda's bilag lines (tagged links to themselves) now go to the bilag's first page."""
    first_pages = {f"bilag-{source.entry.anchor}": source for source in sources.included}
    for page in writer.pages[:agenda_pages]:
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            source = first_pages.get(str(annotation.get("/Dest", "")))
            if source is None:
                continue
            target = writer.pages[source.first_page].indirect_reference
            annotation[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])
            annotation[NameObject("/Contents")] = TextStringObject(
                f"Gå til bilag {source.entry.number} – {source.entry.bilag.title}"
                f" (side {source.first_page + 1})"
            )
