"""The PDF variants: a layout printed by WeasyPrint (with a running header and "Side n af m",
or imitating Word's "Gem som PDF") and Word files converted by LibreOffice (marked `needs`).
"""

import html

from . import meeting
from .meeting import SUBJECT, Para, Variant
from .word import word

_CSS = """
@page { size: A4; margin: 2.5cm 2cm;
  @top-center { content: "%(header)s"; font-size: 9pt; }
  @bottom-right { content: "%(footer)s"; font-size: 9pt; } }
body { font-family: %(font)s; font-size: 11pt; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; } h3 { font-size: 11pt; margin: 6pt 0 2pt; }
p, li { margin: 0 0 4pt; }
"""


def html_pdf(paras: list[Para], *, word_like: bool = False) -> bytes:
    """WeasyPrint. `word_like` imitates Word's "Gem som PDF": Calibri-like font, the header
    on every page and the page number alone in the footer."""
    from weasyprint import HTML

    body: list[str] = []
    listing = False
    for para in paras:
        text = html.escape(para.text)
        if para.style == "li":
            if not listing:
                body.append("<ul>")
                listing = True
            body.append(f"<li>{text}</li>")
            continue
        if listing:
            body.append("</ul>")
            listing = False
        if para.style == "title":
            body.append(f"<h1>{text}</h1>")
        elif para.style == "h":
            body.append(f"<h3>{text}</h3>")
        elif para.style == "item":
            body.append(f"<h2>{para.number}. {text}</h2>")
        elif para.style == "list":
            body.append(f"<p>{para.number}. {text}</p>")
        else:
            body.append(f"<p>{text}</p>")
    css = _CSS % {
        "header": f"Styregruppen for {SUBJECT}" if word_like else "Region Midtjylland",
        "footer": "counter(page)" if word_like else '"Side " counter(page) " af " counter(pages)',
        "font": "'Carlito', 'DejaVu Sans', sans-serif" if word_like else "'DejaVu Serif', serif",
    }
    css = css.replace('content: "counter(page)"', "content: counter(page)")
    css = css.replace(
        'content: ""Side " counter(page) " af " counter(pages)"',
        'content: "Side " counter(page) " af " counter(pages)',
    )
    document = (
        f"<html lang='da'><head><style>{css}</style></head><body>{''.join(body)}</body></html>"
    )
    return HTML(string=document).write_pdf()


def libreoffice_pdf(content: bytes) -> bytes:
    from meetings.bilag.conversion import convert_to_pdf

    return convert_to_pdf(content)


def pdf_variants() -> list[Variant]:
    agenda = meeting.agenda()
    agenda_styles = meeting.agenda_styles()
    referat_fra = meeting.referat_fra()
    return [
        Variant(
            "v09-pdf-weasyprint",
            "PDF (WeasyPrint) med sidehoved og »Side n af m«",
            "dagsorden",
            lambda: html_pdf(agenda),
            "pdf",
            True,
            paragraphs=agenda,
        ),
        Variant(
            "v10-pdf-gem-som-pdf",
            "PDF som Words »Gem som PDF«: sidehoved, sidetal",
            "referat",
            lambda: html_pdf(referat_fra, word_like=True),
            "pdf",
            False,
            paragraphs=referat_fra,
        ),
        Variant(
            "v12-pdf-libreoffice-typografier",
            "LibreOffice-PDF af Word med typografier",
            "dagsorden",
            lambda: libreoffice_pdf(word(agenda_styles, mode="styles")),
            "pdf",
            True,
            needs="libreoffice",
            paragraphs=agenda_styles,
        ),
        Variant(
            "v13-pdf-libreoffice-referat",
            "LibreOffice-PDF af »Referat fra …«",
            "referat",
            lambda: libreoffice_pdf(word(referat_fra)),
            "pdf",
            False,
            needs="libreoffice",
            paragraphs=referat_fra,
        ),
    ]
