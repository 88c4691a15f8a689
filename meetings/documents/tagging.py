"""What WeasyPrint leaves out of a tagged PDF/UA-1 agenda or minutes, filled in from the HTML.

WeasyPrint tags the documents (pdf/ua-1) but writes no /Scope on header cells and describes a
link by its anchor name (`punkt-3`). It also marks the text of the page margins (the running
header, `Side N af M`) as Span/NonStruct content whose elements hang outside the document's
tree (WeasyPrint 70 keeps them out of the reading order, but PDF/UA-1 wants pagination
artifacts): that content becomes `/Artifact <</Type /Pagination>>` and leaves the parent tree.
Only pydyf (WeasyPrint's own): rendering an agenda needs no pypdf (meetings.documents.accessible
tags the meeting pack).
"""

import pydyf

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _object(pdf, reference):
    """The pydyf object a reference (`b'12 0 R'`) names."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return pdf.objects[int(text.split()[0])]


def _reachable(pdf, element, seen: set[int]) -> None:
    """The object numbers of every structure element under `element` (the reading tree)."""
    for kid in element.get("K") or []:
        if not isinstance(kid, (bytes, str)):
            continue  # an MCID
        child = _object(pdf, kid)
        if child.number in seen or child.get("Type") != "/StructElem":
            continue
        seen.add(child.number)
        _reachable(pdf, child, seen)


def margins_as_artifacts(pdf) -> None:
    """The margin boxes' marked content (outside the document's tree) becomes pagination
    artifacts; their entries in the parent tree become null (and trailing nulls go)."""
    if "StructTreeRoot" not in pdf.catalog:
        return  # not a tagged variant: nothing is marked
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    in_tree: set[int] = set()
    for top in root["K"]:
        in_tree.add(_object(pdf, top).number)
        _reachable(pdf, _object(pdf, top), in_tree)
    nums = _object(pdf, root["ParentTree"])["Nums"]
    for index, reference in enumerate(pdf.page_references):
        # WeasyPrint keys the pages' MCID arrays by page index, in page order.
        if nums[2 * index] != index or not isinstance(nums[2 * index + 1], pydyf.Array):
            continue
        parents = nums[2 * index + 1]
        outside = {
            mcid
            for mcid, parent in enumerate(parents)
            if isinstance(parent, (bytes, str))
            and parent != "null"
            and _object(pdf, parent).number not in in_tree
        }
        if not outside:
            continue
        stream = _object(pdf, _object(pdf, reference)["Contents"])
        operations = stream.stream
        for position, operand in enumerate(operations):
            if (
                isinstance(operand, pydyf.Dictionary)
                and operand.get("MCID") in outside
                and position + 1 < len(operations)
                and operations[position + 1] == b"BDC"
            ):
                parents[operand["MCID"]] = "null"
                operations[position - 1] = "/Artifact"
                operations[position] = pydyf.Dictionary({"Type": "/Pagination"})
        while parents and parents[-1] == "null":
            parents.pop()


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint finisher: header cells get /Scope, links a /Contents from the HTML, and the
    running header and page numbers become artifacts."""
    margins_as_artifacts(pdf)
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
