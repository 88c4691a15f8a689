"""What WeasyPrint leaves out of a tagged PDF/UA-1 agenda or minutes, filled in from the HTML.

WeasyPrint tags the documents (pdf/ua-1) but writes no /Scope on header cells and describes a
link by its anchor name (`punkt-3`). Only pydyf (WeasyPrint's own): rendering an agenda needs
no pypdf (meetings.documents.accessible tags the meeting pack).
"""

import pydyf

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint finisher: header cells get /Scope and links a /Contents from the HTML."""
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            element = getattr(box, "element", None)
            if mark is None or element is None or getattr(box, "element_tag", "") != "th":
                continue
            scope = SCOPES.get((element.get("scope") or "").strip().lower())
            if scope and isinstance(mark.get("A"), pydyf.Dictionary):
                mark["A"]["Scope"] = scope
        for _kind, _target, _rectangle, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            text = " ".join("".join(element.itertext()).split()) or element.get("title", "")
            if text:
                annotation["Contents"] = pydyf.String(text)
